package dev.castellan.authority.kms;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A friendly name for a key: {@code name} includes the {@code alias/} prefix, as KMS prints it. */
public record KmsAlias(String name, UUID targetKeyId, Instant createdAt, Instant lastUpdatedAt) {
    public KmsAlias {
        Objects.requireNonNull(name);
        Objects.requireNonNull(targetKeyId);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(lastUpdatedAt);
    }
}
