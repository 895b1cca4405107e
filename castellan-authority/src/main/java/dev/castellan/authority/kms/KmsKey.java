package dev.castellan.authority.kms;

import dev.castellan.core.keys.KeyRef;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A key of the key service as stored: its metadata and state, and the {@link KeyRef} under which the
 * {@code KeyProvider} holds the key pair. The private key itself is never here.
 *
 * @param deletionDate        when a key pending deletion is gone; null in any other state
 * @param pendingWindowInDays the waiting period that was asked for; null unless pending deletion
 * @param version             bumped by every stored change, for optimistic concurrency
 */
public record KmsKey(UUID id, KeySpec spec, KeyUsage usage, String description, KeyRef keyRef, KeyState state,
        Instant createdAt, Instant deletionDate, Integer pendingWindowInDays, long version) {
    public KmsKey {
        Objects.requireNonNull(id);
        Objects.requireNonNull(spec);
        Objects.requireNonNull(usage);
        Objects.requireNonNull(keyRef);
        Objects.requireNonNull(state);
        Objects.requireNonNull(createdAt);
        description = description == null ? "" : description;
        if ((state == KeyState.PendingDeletion) != (deletionDate != null && pendingWindowInDays != null)) {
            throw new IllegalArgumentException("a key has a deletion date and window exactly when pending deletion");
        }
    }

    /** Whether the key's deletion date has passed: from then on it no longer exists for any caller. */
    public boolean deleted(Instant now) {
        return state == KeyState.PendingDeletion && !now.isBefore(deletionDate);
    }

    /** This key in another state, without a deletion date. */
    public KmsKey withState(KeyState next) {
        return new KmsKey(id, spec, usage, description, keyRef, next, createdAt, null, null, version);
    }

    /** This key pending deletion until {@code date}. */
    public KmsKey pendingDeletion(Instant date, int windowInDays) {
        return new KmsKey(id, spec, usage, description, keyRef, KeyState.PendingDeletion, createdAt, date,
                windowInDays, version);
    }
}
