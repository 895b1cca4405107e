package dev.castellan.authority.crl;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A signed CRL as published: the newest one of its scope is kept in the store, so every server sharing the database
 * serves the same bytes.
 */
public record CrlPublication(UUID caId, UUID scopeId, long crlNumber, Instant thisUpdate, Instant nextUpdate, byte[] der) {
    public CrlPublication {
        Objects.requireNonNull(caId);
        Objects.requireNonNull(scopeId);
        Objects.requireNonNull(thisUpdate);
        Objects.requireNonNull(nextUpdate);
        Objects.requireNonNull(der);
    }
}
