package dev.castellan.authority.kms;

import java.util.Objects;

/**
 * A Sign request: sign {@code message} (a message, its digest or an ML-DSA μ, as {@code messageType} says) with
 * the key {@code keyId} names (key id, key ARN, alias name or alias ARN).
 *
 * @param dryRun check everything, sign nothing, and answer with a dry-run error
 */
public record SignRequest(String keyId, byte[] message, MessageType messageType, KmsSigningAlgorithm algorithm,
        boolean dryRun) {
    public SignRequest {
        Objects.requireNonNull(keyId);
        Objects.requireNonNull(message);
        Objects.requireNonNull(algorithm);
        messageType = messageType == null ? MessageType.RAW : messageType;
    }
}
