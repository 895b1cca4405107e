package dev.castellan.core.model;

import java.util.Optional;

/**
 * A CA key algorithm, named as AWS Private CA names it. {@code maxSignatureBytes} bounds the size of one
 * signature made with the key, which later sizes CRL partitions.
 */
public enum KeyAlgorithm {
    RSA_2048(KeyFamily.RSA, "RSA", 2048, null, 256),
    RSA_3072(KeyFamily.RSA, "RSA", 3072, null, 384),
    RSA_4096(KeyFamily.RSA, "RSA", 4096, null, 512),
    EC_prime256v1(KeyFamily.EC, "EC", 256, "secp256r1", 72),
    EC_secp384r1(KeyFamily.EC, "EC", 384, "secp384r1", 104),
    EC_secp521r1(KeyFamily.EC, "EC", 521, "secp521r1", 139),
    ML_DSA_44(KeyFamily.ML_DSA, "ML-DSA-44", 0, null, 2420),
    ML_DSA_65(KeyFamily.ML_DSA, "ML-DSA-65", 0, null, 3309),
    ML_DSA_87(KeyFamily.ML_DSA, "ML-DSA-87", 0, null, 4627);

    private final KeyFamily family;
    private final String jcaName;
    private final int bits;
    private final String curve;
    private final int maxSignatureBytes;

    KeyAlgorithm(KeyFamily family, String jcaName, int bits, String curve, int maxSignatureBytes) {
        this.family = family;
        this.jcaName = jcaName;
        this.bits = bits;
        this.curve = curve;
        this.maxSignatureBytes = maxSignatureBytes;
    }

    public KeyFamily family() {
        return family;
    }

    /** The JCA {@code KeyPairGenerator} algorithm name. */
    public String jcaName() {
        return jcaName;
    }

    /** RSA modulus or EC field size in bits; 0 for ML-DSA. */
    public int bits() {
        return bits;
    }

    /** The JCA standard curve name for EC keys. */
    public Optional<String> curve() {
        return Optional.ofNullable(curve);
    }

    public int maxSignatureBytes() {
        return maxSignatureBytes;
    }

    public static Optional<KeyAlgorithm> fromName(String name) {
        for (KeyAlgorithm a : values()) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
