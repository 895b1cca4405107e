package dev.castellan.server.codesign;

import dev.castellan.core.cms.SignerAlgorithm;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A KMS {@code SigningAlgorithmSpec} as a client uses it: the hash a {@code DIGEST} message is made with, and the
 * X.509 name of the signature it yields. ML-DSA has no digest form: the client sends the message itself
 * ({@code RAW}) or its μ ({@code EXTERNAL_MU}).
 */
enum KmsAlgorithm {
    ECDSA_SHA_256("SHA-256", "SHA256withECDSA"),
    ECDSA_SHA_384("SHA-384", "SHA384withECDSA"),
    ECDSA_SHA_512("SHA-512", "SHA512withECDSA"),
    RSASSA_PKCS1_V1_5_SHA_256("SHA-256", "SHA256withRSA"),
    RSASSA_PKCS1_V1_5_SHA_384("SHA-384", "SHA384withRSA"),
    RSASSA_PKCS1_V1_5_SHA_512("SHA-512", "SHA512withRSA"),
    RSASSA_PSS_SHA_256("SHA-256", "SHA256withRSAandMGF1"),
    RSASSA_PSS_SHA_384("SHA-384", "SHA384withRSAandMGF1"),
    RSASSA_PSS_SHA_512("SHA-512", "SHA512withRSAandMGF1"),
    ML_DSA_SHAKE_256(null, null);

    private final String hash;
    private final String x509Name;

    KmsAlgorithm(String hash, String x509Name) {
        this.hash = hash;
        this.x509Name = x509Name;
    }

    /** The JCA name of the hash of a DIGEST message; null for ML-DSA. */
    String hash() {
        return hash;
    }

    boolean mlDsa() {
        return this == ML_DSA_SHAKE_256;
    }

    /** The KMS algorithm that makes the signatures of a CMS signer algorithm. */
    static KmsAlgorithm of(SignerAlgorithm a) {
        return switch (a) {
            case ECDSA_SHA_256 -> ECDSA_SHA_256;
            case ECDSA_SHA_384 -> ECDSA_SHA_384;
            case ECDSA_SHA_512 -> ECDSA_SHA_512;
            case RSA_SHA_256 -> RSASSA_PKCS1_V1_5_SHA_256;
            case RSA_SHA_384 -> RSASSA_PKCS1_V1_5_SHA_384;
            case RSA_SHA_512 -> RSASSA_PKCS1_V1_5_SHA_512;
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> ML_DSA_SHAKE_256;
        };
    }

    /** The AlgorithmIdentifier of a certificate or CSR signed this way; ML-DSA takes the key's parameter set. */
    AlgorithmIdentifier x509Identifier(SignerAlgorithm keyAlgorithm) {
        return new DefaultSignatureAlgorithmIdentifierFinder().find(mlDsa() ? keyAlgorithm.jcaName() : x509Name);
    }

    /** A JDK signature object that checks what this algorithm makes over a whole message. */
    Signature newVerifier() throws GeneralSecurityException {
        if (mlDsa()) {
            return Signature.getInstance("ML-DSA");
        }
        if (name().startsWith("RSASSA_PSS")) {
            Signature s = Signature.getInstance("RSASSA-PSS");
            int saltLength = Integer.parseInt(hash.substring(4)) / 8; // KMS uses a salt as long as the hash
            s.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), saltLength, 1));
            return s;
        }
        return Signature.getInstance(x509Name);
    }
}
