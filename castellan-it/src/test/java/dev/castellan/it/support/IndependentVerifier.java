package dev.castellan.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * Checks signatures made by the key service with stacks it does not use for them: the JDK's standard signature
 * algorithms over the whole message (never the digest or μ the server was handed), and, for ML-DSA, Python
 * {@code cryptography} (OpenSSL underneath), run once over a manifest of files.
 */
public final class IndependentVerifier {
    private static final String PYTHON = """
            import sys
            from cryptography.exceptions import InvalidSignature
            from cryptography.hazmat.primitives.serialization import load_der_public_key
            bad = 0
            for line in open(sys.argv[1]):
                expect, pub, msg, sig = line.split()
                key = load_der_public_key(open(pub, 'rb').read())
                try:
                    key.verify(open(sig, 'rb').read(), open(msg, 'rb').read())
                    got = 'valid'
                except InvalidSignature:
                    got = 'invalid'
                if got != expect:
                    bad += 1
                    print('MISMATCH', type(key).__name__, expect, got, sig)
                else:
                    print('ok', type(key).__name__, got, sig)
            sys.exit(1 if bad else 0)
            """;

    private final Path dir;
    private final List<String> manifest = new ArrayList<>();

    public IndependentVerifier(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
    }

    /** Verifies with {@code java.security.Signature} and the public key decoded from its DER SubjectPublicKeyInfo. */
    public static boolean jdk(byte[] spki, String signingAlgorithm, byte[] message, byte[] signature) throws Exception {
        String keyAlgorithm = signingAlgorithm.startsWith("RSA") ? "RSA"
                : signingAlgorithm.startsWith("ECDSA") ? "EC" : "ML-DSA";
        PublicKey key = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(spki));
        Signature s;
        if (signingAlgorithm.startsWith("RSASSA_PSS_SHA_")) {
            String hash = "SHA-" + signingAlgorithm.substring("RSASSA_PSS_SHA_".length());
            int saltLength = Integer.parseInt(hash.substring(4)) / 8;
            s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
        } else if (signingAlgorithm.startsWith("RSASSA_PKCS1_V1_5_SHA_")) {
            s = Signature.getInstance("SHA" + signingAlgorithm.substring("RSASSA_PKCS1_V1_5_SHA_".length()) + "withRSA");
        } else if (signingAlgorithm.startsWith("ECDSA_SHA_")) {
            s = Signature.getInstance("SHA" + signingAlgorithm.substring("ECDSA_SHA_".length()) + "withECDSA");
        } else {
            s = Signature.getInstance("ML-DSA");
        }
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (SignatureException malformed) {
            return false;
        }
    }

    /** Adds an ML-DSA signature for {@link #runPython}, which must find it valid or invalid as {@code expectValid} says. */
    public void queueForPython(byte[] spki, byte[] message, byte[] signature, boolean expectValid) throws Exception {
        int n = manifest.size();
        Path pub = Files.write(dir.resolve(n + ".pub.der"), spki);
        Path msg = Files.write(dir.resolve(n + ".msg"), message);
        Path sig = Files.write(dir.resolve(n + ".sig"), signature);
        manifest.add((expectValid ? "valid" : "invalid") + " " + pub + " " + msg + " " + sig);
    }

    /** Runs Python over everything queued; fails the test on any disagreement. Returns how many were checked. */
    public int runPython() throws Exception {
        Path script = Files.writeString(dir.resolve("verify.py"), PYTHON);
        Path list = Files.write(dir.resolve("manifest.txt"), manifest, StandardCharsets.UTF_8);
        Command.Result r = Command.run(dir, "python3", script.toString(), list.toString());
        assertThat(r.exitCode()).as("python cryptography:\n" + r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout().lines().filter(l -> l.startsWith("ok ")).count()).isEqualTo(manifest.size());
        int checked = manifest.size();
        manifest.clear();
        return checked;
    }

    /**
     * μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64) of FIPS 204 §6.2 with an empty context, where pk is the raw
     * public key inside the SubjectPublicKeyInfo: the recipe AWS publishes for EXTERNAL_MU.
     */
    public static byte[] mu(byte[] spki, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        byte[] tr = new byte[64];
        SHAKEDigest d = new SHAKEDigest(256);
        d.update(pk, 0, pk.length);
        d.doFinal(tr, 0, 64);
        byte[] mu = new byte[64];
        d = new SHAKEDigest(256);
        d.update(tr, 0, tr.length);
        d.update((byte) 0);
        d.update((byte) 0);
        d.update(message, 0, message.length);
        d.doFinal(mu, 0, 64);
        return mu;
    }
}
