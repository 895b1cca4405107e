package dev.castellan.server.codesign;

import dev.castellan.core.x509.Pem;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code castellan csr}: a PKCS#10 request for a key held by the running server's key service, signed there through
 * the KMS Sign API, so the private key never leaves the server. Submit it to any CA, e.g. with
 * {@code aws acm-pca issue-certificate --csr fileb://req.pem}.
 */
@Command(name = "csr", mixinStandardHelpOptions = true,
        description = "Print a PEM certificate request (PKCS#10) for a key in Castellan's key service, signed by the"
                + " key service: the private key never leaves the server.")
public final class CsrCommand implements Callable<Integer> {
    @Option(names = "--key-id", required = true, paramLabel = "<id|alias>",
            description = "Key id, key ARN, alias/name or alias ARN.")
    String keyId;

    @Option(names = "--subject", required = true, paramLabel = "<DN>",
            description = "Subject DN, e.g. \"CN=Code Signer,O=Example\" (RFC 4514 order: most specific first).")
    String subject;

    @Option(names = "--signing-algorithm", paramLabel = "<algorithm>",
            description = "A KMS SigningAlgorithmSpec the key offers, e.g. ECDSA_SHA_384 or RSASSA_PSS_SHA_256"
                    + " (default: the one that goes with the key: ECDSA_SHA_256 for P-256, RSASSA_PKCS1_V1_5_SHA_256"
                    + " for RSA-2048, ML_DSA_SHAKE_256 for ML-DSA).")
    String signingAlgorithm;

    @Option(names = "--out", paramLabel = "<file.pem>", description = "Write the PEM here instead of standard output.")
    Path out;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        return Failures.report(System.err, () -> {
            X500Name name = subjectName(subject);
            if (signingAlgorithm != null && !isKmsAlgorithm(signingAlgorithm)) {
                throw new CommandException("--signing-algorithm " + signingAlgorithm + " is not a KMS signing algorithm"
                        + " Castellan knows (" + java.util.Arrays.toString(KmsAlgorithm.values()) + ")");
            }
            KmsSigningKey key = KmsSigningKey.open(connection.kms(), keyId, signingAlgorithm);
            PKCS10CertificationRequest csr = new PKCS10CertificationRequestBuilder(name,
                    SubjectPublicKeyInfo.getInstance(key.publicKey().getEncoded())).build(contentSigner(key));
            // KmsSigningKey already checked the signature; this re-checks the encoded request as a CA will.
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new CommandException("the request's signature does not verify; nothing was written");
            }
            String pem = Pem.encode("CERTIFICATE REQUEST", csr.getEncoded());
            if (out == null) {
                System.out.print(pem);
            } else {
                Files.writeString(out, pem, StandardCharsets.US_ASCII);
            }
            return 0;
        });
    }

    private static boolean isKmsAlgorithm(String name) {
        for (KmsAlgorithm a : KmsAlgorithm.values()) {
            if (a.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The DN in RFC 4514 string order, encoded as {@link X500Principal} encodes it (most specific RDN last). */
    static X500Name subjectName(String dn) {
        try {
            X500Principal p = new X500Principal(dn);
            if (p.getEncoded().length <= 2) {
                throw new IllegalArgumentException("empty");
            }
            return X500Name.getInstance(p.getEncoded());
        } catch (IllegalArgumentException e) {
            throw new CommandException("--subject '" + dn
                    + "' is not a distinguished name like \"CN=Code Signer,O=Example\"");
        }
    }

    /** BouncyCastle collects the bytes to be signed; the key service signs them. */
    private static ContentSigner contentSigner(KmsSigningKey key) {
        AlgorithmIdentifier id = key.kmsAlgorithm().x509Identifier(key.algorithm());
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                return key.sign(tbs.toByteArray());
            }
        };
    }
}
