package dev.castellan.authority.revocation;

import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.UUID;

/**
 * Told after a revocation committed, in the process that made it: the hook for caches of revocation status such as
 * pre-signed OCSP responses (issue 4, item 7). Other servers sharing the database are not told; they must read the
 * certificate's status from the store (its {@code revokedAt}) or expire their caches.
 */
@FunctionalInterface
public interface RevocationListener {
    void revoked(UUID caId, Serial serial, Instant revokedAt, RevocationReason reason);
}
