package dev.castellan.authority.kms;

import java.util.Objects;

/**
 * A Verify request: check {@code signature} over {@code message} (a message, its digest or an ML-DSA μ) with the
 * key {@code keyId} names. The message type may differ from the one used to sign, as long as it describes the
 * same message.
 */
public record VerifyRequest(String keyId, byte[] message, MessageType messageType, byte[] signature,
        KmsSigningAlgorithm algorithm, boolean dryRun) {
    public VerifyRequest {
        Objects.requireNonNull(keyId);
        Objects.requireNonNull(message);
        Objects.requireNonNull(signature);
        Objects.requireNonNull(algorithm);
        messageType = messageType == null ? MessageType.RAW : messageType;
    }
}
