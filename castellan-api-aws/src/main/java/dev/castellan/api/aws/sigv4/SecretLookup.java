package dev.castellan.api.aws.sigv4;

import java.util.Optional;

/** The credential store as {@link SignatureV4Verifier} needs it: secret access keys by access key id. */
@FunctionalInterface
public interface SecretLookup {

    /**
     * Returns the secret access key of {@code accessKeyId} as UTF-8 bytes, or empty when the id is unknown or
     * disabled. The verifier neither keeps nor modifies the returned array.
     */
    Optional<byte[]> secretFor(String accessKeyId);
}
