package dev.castellan.core.model;

import java.util.Optional;

/** A signature algorithm for certificates and CRLs, named as AWS Private CA names it. */
public enum SigningAlgorithm {
    SHA256WITHECDSA(KeyFamily.EC, "SHA256withECDSA", null),
    SHA384WITHECDSA(KeyFamily.EC, "SHA384withECDSA", null),
    SHA512WITHECDSA(KeyFamily.EC, "SHA512withECDSA", null),
    SHA256WITHRSA(KeyFamily.RSA, "SHA256withRSA", null),
    SHA384WITHRSA(KeyFamily.RSA, "SHA384withRSA", null),
    SHA512WITHRSA(KeyFamily.RSA, "SHA512withRSA", null),
    ML_DSA_44(KeyFamily.ML_DSA, "ML-DSA-44", KeyAlgorithm.ML_DSA_44),
    ML_DSA_65(KeyFamily.ML_DSA, "ML-DSA-65", KeyAlgorithm.ML_DSA_65),
    ML_DSA_87(KeyFamily.ML_DSA, "ML-DSA-87", KeyAlgorithm.ML_DSA_87);

    private final KeyFamily family;
    private final String jcaName;
    private final KeyAlgorithm onlyKey;

    SigningAlgorithm(KeyFamily family, String jcaName, KeyAlgorithm onlyKey) {
        this.family = family;
        this.jcaName = jcaName;
        this.onlyKey = onlyKey;
    }

    public KeyFamily family() {
        return family;
    }

    /** The JCA {@code Signature} algorithm name (and BouncyCastle content-signer name). */
    public String jcaName() {
        return jcaName;
    }

    /**
     * Whether a key of the given algorithm may sign with this algorithm. RSA and ECDSA need the same family;
     * ML-DSA needs exactly the same parameter set, because the hash is intrinsic to it.
     */
    public boolean fits(KeyAlgorithm key) {
        return onlyKey != null ? onlyKey == key : family == key.family();
    }

    public static Optional<SigningAlgorithm> fromName(String name) {
        for (SigningAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
