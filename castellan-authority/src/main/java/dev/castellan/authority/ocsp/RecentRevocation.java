package dev.castellan.authority.ocsp;

import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.UUID;

/** A revocation found by polling the store, which tells every server to drop what it cached for that certificate. */
public record RecentRevocation(UUID caId, Serial serial, Instant revokedAt) {}
