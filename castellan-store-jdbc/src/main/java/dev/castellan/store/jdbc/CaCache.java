package dev.castellan.store.jdbc;

import dev.castellan.authority.ca.CertificateAuthority;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last committed version of each CA this store read, so that reading a CA again costs a one-column query for
 * its version instead of the row, its tags and its JSON configuration.
 *
 * <p>Why it is safe: every change to a CA row or its tags goes through {@code UPDATE ... version = version + 1}
 * (optimistic locking), and at most one transaction commits each version, so (id, version) names one content.
 * Entries are added only from read-only transactions, which see committed data; a write transaction may use an
 * entry whose version it sees, but never adds one, because what it sees may still roll back. Other nodes' updates
 * on a shared PostgreSQL database change the version and so miss the cache.
 *
 * <p>Why: every IssueCertificate and GetCertificate reads its CA; profiling put that read at a tenth of an
 * issuance's server CPU.
 */
final class CaCache {
    /** More CAs than a deployment has; past it the cache starts over rather than track recency. */
    static final int MAX_ENTRIES = 4096;

    private final Map<UUID, CertificateAuthority> byId = new ConcurrentHashMap<>();

    /** The cached CA if it is at {@code version}, else null. */
    CertificateAuthority at(UUID id, long version) {
        CertificateAuthority ca = byId.get(id);
        return ca != null && ca.version() == version ? ca : null;
    }

    /** Remembers {@code ca} as read from committed data. */
    void remember(CertificateAuthority ca) {
        if (byId.size() >= MAX_ENTRIES) {
            byId.clear();
        }
        byId.merge(ca.id(), ca, (old, fresh) -> fresh.version() >= old.version() ? fresh : old);
    }
}
