package dev.castellan.authority.kms;

import dev.castellan.core.CastellanException;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.keys.SignatureScheme.Hash;
import dev.castellan.core.keys.SignatureScheme.Kind;

/** A signing algorithm as KMS names it ({@code SigningAlgorithmSpec}), limited to the ones Castellan implements. */
public enum KmsSigningAlgorithm {
    RSASSA_PSS_SHA_256(Kind.RSA_PSS, Hash.SHA_256),
    RSASSA_PSS_SHA_384(Kind.RSA_PSS, Hash.SHA_384),
    RSASSA_PSS_SHA_512(Kind.RSA_PSS, Hash.SHA_512),
    RSASSA_PKCS1_V1_5_SHA_256(Kind.RSA_PKCS1, Hash.SHA_256),
    RSASSA_PKCS1_V1_5_SHA_384(Kind.RSA_PKCS1, Hash.SHA_384),
    RSASSA_PKCS1_V1_5_SHA_512(Kind.RSA_PKCS1, Hash.SHA_512),
    ECDSA_SHA_256(Kind.ECDSA, Hash.SHA_256),
    ECDSA_SHA_384(Kind.ECDSA, Hash.SHA_384),
    ECDSA_SHA_512(Kind.ECDSA, Hash.SHA_512),
    ML_DSA_SHAKE_256(Kind.ML_DSA, null);

    private final Kind kind;
    private final Hash hash;

    KmsSigningAlgorithm(Kind kind, Hash hash) {
        this.kind = kind;
        this.hash = hash;
    }

    /**
     * The scheme that signs a message of the given type with this algorithm. The pairing is a property of the
     * request alone, so a bad one is a validation error before any key is looked at: DIGEST is not offered for
     * ML-DSA (KMS documents only RAW and EXTERNAL_MU for it, and ML-DSA has no standard pre-hash form besides
     * HashML-DSA, which is a different signature), and EXTERNAL_MU exists only for ML-DSA.
     *
     * @throws CastellanException VALIDATION for those pairings
     */
    public SignatureScheme scheme(MessageType type) {
        if (kind == Kind.ML_DSA && type == MessageType.DIGEST) {
            throw CastellanException.validation("MessageType DIGEST is not supported with " + this
                    + "; use RAW, or EXTERNAL_MU with the 64-byte mu of FIPS 204.");
        }
        if (kind != Kind.ML_DSA && type == MessageType.EXTERNAL_MU) {
            throw CastellanException.validation("MessageType EXTERNAL_MU is only supported with ML_DSA_SHAKE_256, not "
                    + this + ".");
        }
        return new SignatureScheme(kind, hash, type.input());
    }
}
