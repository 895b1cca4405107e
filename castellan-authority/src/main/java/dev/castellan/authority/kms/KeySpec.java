package dev.castellan.authority.kms;

import static dev.castellan.authority.kms.KmsSigningAlgorithm.ECDSA_SHA_256;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.ECDSA_SHA_384;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.ECDSA_SHA_512;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.ML_DSA_SHAKE_256;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_256;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_384;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PKCS1_V1_5_SHA_512;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PSS_SHA_256;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PSS_SHA_384;
import static dev.castellan.authority.kms.KmsSigningAlgorithm.RSASSA_PSS_SHA_512;

import dev.castellan.core.model.KeyAlgorithm;
import java.util.List;

/**
 * The key specs the key service can create, named as KMS names them, with the key algorithm of the
 * {@code KeyProvider} that holds them and the signing algorithms KMS allows for each: every RSA algorithm for RSA
 * keys, the one ECDSA hash matching each NIST curve, and ML_DSA_SHAKE_256 for ML-DSA.
 */
public enum KeySpec {
    RSA_2048(KeyAlgorithm.RSA_2048, rsa()),
    RSA_3072(KeyAlgorithm.RSA_3072, rsa()),
    RSA_4096(KeyAlgorithm.RSA_4096, rsa()),
    ECC_NIST_P256(KeyAlgorithm.EC_prime256v1, List.of(ECDSA_SHA_256)),
    ECC_NIST_P384(KeyAlgorithm.EC_secp384r1, List.of(ECDSA_SHA_384)),
    ECC_NIST_P521(KeyAlgorithm.EC_secp521r1, List.of(ECDSA_SHA_512)),
    ML_DSA_44(KeyAlgorithm.ML_DSA_44, List.of(ML_DSA_SHAKE_256)),
    ML_DSA_65(KeyAlgorithm.ML_DSA_65, List.of(ML_DSA_SHAKE_256)),
    ML_DSA_87(KeyAlgorithm.ML_DSA_87, List.of(ML_DSA_SHAKE_256));

    private final KeyAlgorithm keyAlgorithm;
    private final List<KmsSigningAlgorithm> signingAlgorithms;

    KeySpec(KeyAlgorithm keyAlgorithm, List<KmsSigningAlgorithm> signingAlgorithms) {
        this.keyAlgorithm = keyAlgorithm;
        this.signingAlgorithms = signingAlgorithms;
    }

    private static List<KmsSigningAlgorithm> rsa() {
        return List.of(RSASSA_PSS_SHA_256, RSASSA_PSS_SHA_384, RSASSA_PSS_SHA_512,
                RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PKCS1_V1_5_SHA_384, RSASSA_PKCS1_V1_5_SHA_512);
    }

    /** The algorithm the {@code KeyProvider} generates for this spec. */
    public KeyAlgorithm keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The signing algorithms a key of this spec accepts, in the order KMS lists them. */
    public List<KmsSigningAlgorithm> signingAlgorithms() {
        return signingAlgorithms;
    }
}
