package dev.castellan.core.keys;

import dev.castellan.core.model.KeyAlgorithm;
import java.security.PublicKey;

/**
 * Holds private keys and signs with them. A key is created inside its provider and never leaves it: callers
 * get a {@link KeyRef} and the public key, and hand the bytes to be signed to the provider.
 */
public interface KeyProvider {

    /** The {@link KeyRef#scheme()} this provider answers for. */
    String scheme();

    /** Generates and durably stores a new key pair. */
    KeyRef generate(KeyAlgorithm algorithm);

    PublicKey publicKey(KeyRef ref);

    KeyAlgorithm algorithm(KeyRef ref);

    /**
     * Signs {@code data} with the key, using a JCA signature algorithm name such as {@code SHA256withECDSA} or
     * {@code ML-DSA-65}, or one of the {@link SignatureScheme} names, which add RSASSA-PSS
     * ({@code SHA256withRSA/PSS}), signing a precomputed digest ({@code SHA256withECDSA/DIGEST}) and ML-DSA over
     * an external μ ({@code ML-DSA/EXTERNAL-MU}). Every provider must accept the {@link SignatureScheme} names for
     * the families of keys it generates.
     *
     * @throws IllegalArgumentException if the data of a DIGEST or EXTERNAL-MU scheme has the wrong length
     */
    byte[] sign(KeyRef ref, String jcaAlgorithm, byte[] data);

    /**
     * Destroys the private key for good: afterwards the ref neither signs nor gives its public key. Destroying a key
     * that is already gone does nothing, so that an interrupted purge can simply run again.
     */
    void destroy(KeyRef ref);
}
