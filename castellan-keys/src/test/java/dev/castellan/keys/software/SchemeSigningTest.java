package dev.castellan.keys.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.keys.SignatureScheme.Hash;
import dev.castellan.core.keys.SignatureScheme.Input;
import dev.castellan.core.keys.SignatureScheme.Kind;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.KeyFamily;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link SignatureScheme} names on software keys. Each signature is checked by the JDK's standard algorithm over
 * the whole message, which shares no code with the signer's DIGEST and external-μ paths: a pass proves that
 * signing the digest (or μ) gives the signature of the message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemeSigningTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] MESSAGE = "sign me, whatever form I take".getBytes(StandardCharsets.UTF_8);

    private SoftwareKeyProvider keys;
    private SoftwareKeyProviderTest.MapStore store;
    private MasterKey master;

    @BeforeAll
    void provider() {
        store = new SoftwareKeyProviderTest.MapStore();
        master = MasterKey.of(new byte[32], RANDOM);
        keys = new SoftwareKeyProvider(store, master, RANDOM);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void sign_everySchemeOfTheKeysFamily_verifiesOverTheMessageWithTheJdk(KeyAlgorithm algorithm) throws Exception {
        KeyRef ref = keys.generate(algorithm);
        // A restarted provider: the ML-DSA key must convert from its sealed PKCS#8 form too.
        SoftwareKeyProvider restarted = new SoftwareKeyProvider(store, master, RANDOM);
        PublicKey pub = restarted.publicKey(ref);
        for (SignatureScheme scheme : schemesFor(algorithm.family())) {
            byte[] data = input(scheme, pub);
            byte[] sig = restarted.sign(ref, scheme.name(), data);

            assertThat(jdkVerifiesOverMessage(scheme, pub, sig)).as(scheme.name()).isTrue();
            assertThat(scheme.verify(pub, data, sig)).as(scheme.name()).isTrue();
            sig[sig.length / 2] ^= 1;
            assertThat(jdkVerifiesOverMessage(scheme, pub, sig)).as("tampered " + scheme.name()).isFalse();
        }
    }

    @Test
    void sign_digestOfWrongLength_isRejectedBeforeSigning() {
        KeyRef ref = keys.generate(KeyAlgorithm.EC_prime256v1);
        assertThatThrownBy(() -> keys.sign(ref, "SHA384withECDSA/DIGEST", new byte[32]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("48");
    }

    @Test
    void sign_muOfWrongLength_isRejectedBeforeSigning() {
        KeyRef ref = keys.generate(KeyAlgorithm.ML_DSA_44);
        assertThatThrownBy(() -> keys.sign(ref, "ML-DSA/EXTERNAL-MU", new byte[63]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
    }

    @Test
    void sign_schemeOfAnotherFamily_isRejected() {
        KeyRef ref = keys.generate(KeyAlgorithm.EC_prime256v1);
        assertThatThrownBy(() -> keys.sign(ref, "SHA256withRSA/PSS", MESSAGE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EC_prime256v1");
    }

    @Test
    void sign_plainJcaParameterSetName_stillSigns() throws Exception {
        KeyRef ref = keys.generate(KeyAlgorithm.ML_DSA_65);
        byte[] sig = keys.sign(ref, "ML-DSA-65", MESSAGE);
        Signature v = Signature.getInstance("ML-DSA-65");
        v.initVerify(keys.publicKey(ref));
        v.update(MESSAGE);
        assertThat(v.verify(sig)).isTrue();
    }

    private static List<SignatureScheme> schemesFor(KeyFamily family) {
        List<SignatureScheme> out = new ArrayList<>();
        if (family == KeyFamily.ML_DSA) {
            out.add(new SignatureScheme(Kind.ML_DSA, null, Input.MESSAGE));
            out.add(new SignatureScheme(Kind.ML_DSA, null, Input.EXTERNAL_MU));
            return out;
        }
        List<Kind> kinds = family == KeyFamily.RSA ? List.of(Kind.RSA_PKCS1, Kind.RSA_PSS) : List.of(Kind.ECDSA);
        for (Kind kind : kinds) {
            for (Hash hash : Hash.values()) {
                out.add(new SignatureScheme(kind, hash, Input.MESSAGE));
                out.add(new SignatureScheme(kind, hash, Input.DIGEST));
            }
        }
        return out;
    }

    /** The data a caller hands over: the message, its digest, or μ computed here with BouncyCastle's SHAKE256. */
    private static byte[] input(SignatureScheme scheme, PublicKey pub) throws Exception {
        return switch (scheme.input()) {
            case MESSAGE -> MESSAGE;
            case DIGEST -> MessageDigest.getInstance(scheme.hash().jcaName()).digest(MESSAGE);
            case EXTERNAL_MU -> mu(pub, MESSAGE);
        };
    }

    private static boolean jdkVerifiesOverMessage(SignatureScheme scheme, PublicKey pub, byte[] sig) throws Exception {
        Signature v = switch (scheme.kind()) {
            case RSA_PKCS1 -> Signature.getInstance(scheme.hash().jcaName().replace("-", "") + "withRSA");
            case ECDSA -> Signature.getInstance(scheme.hash().jcaName().replace("-", "") + "withECDSA");
            case ML_DSA -> Signature.getInstance("ML-DSA");
            case RSA_PSS -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                String h = scheme.hash().jcaName();
                s.setParameter(new PSSParameterSpec(h, "MGF1", new MGF1ParameterSpec(h), scheme.hash().length(), 1));
                yield s;
            }
        };
        v.initVerify(pub);
        v.update(MESSAGE);
        try {
            return v.verify(sig);
        } catch (java.security.SignatureException e) {
            return false;
        }
    }

    private static byte[] mu(PublicKey pub, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(pub.getEncoded()).getPublicKeyData().getBytes();
        byte[] tr = new byte[64];
        SHAKEDigest d = new SHAKEDigest(256);
        d.update(pk, 0, pk.length);
        d.doFinal(tr, 0, 64);
        byte[] mu = new byte[64];
        d = new SHAKEDigest(256);
        d.update(tr, 0, 64);
        d.update((byte) 0);
        d.update((byte) 0);
        d.update(message, 0, message.length);
        d.doFinal(mu, 0, 64);
        return mu;
    }
}
