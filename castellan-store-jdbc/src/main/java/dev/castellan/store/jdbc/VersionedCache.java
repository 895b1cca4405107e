package dev.castellan.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * The last committed version of each row of one kind (CAs, KMS keys) this store read, so that reading the row
 * again costs a one-column query for its version instead of the row, its children and its JSON.
 *
 * <p>Why it is safe: every change to such a row goes through {@code UPDATE ... version = version + 1} (optimistic
 * locking), and at most one transaction commits each version, so (id, version) names one content. Entries are
 * added only from read-only transactions, which see committed data; a write transaction may use an entry whose
 * version it sees, but never adds one, because what it sees may still roll back. Other nodes' updates on a shared
 * PostgreSQL database change the version and so miss the cache.
 *
 * <p>Why: every IssueCertificate and GetCertificate reads its CA, and every KMS Sign checks its key inside the
 * write that records it; profiling put those reads at a tenth of an issuance's server CPU and a fifth of the
 * SQLite writer's time under KMS Sign load.
 *
 * @param <V> the cached value, immutable
 */
final class VersionedCache<V> {
    /** More rows than a deployment reads often; past it the cache starts over rather than track recency. */
    static final int MAX_ENTRIES = 4096;

    private final Map<UUID, V> byId = new ConcurrentHashMap<>();
    private final ToLongFunction<V> version;

    VersionedCache(ToLongFunction<V> version) {
        this.version = version;
    }

    /** Reads one row from a result set positioned before it; empty when there is none. */
    @FunctionalInterface
    interface RowReader<V> {
        Optional<V> read(ResultSet rs) throws SQLException;
    }

    /**
     * The row {@code id} as {@code tx} sees it: its version by {@code versionSql}, then the cached value at that
     * version or else the row by {@code rowSql} (both take the id as their only parameter).
     */
    Optional<V> read(JdbcReadTransaction tx, UUID id, String versionSql, String rowSql, RowReader<V> reader)
            throws SQLException {
        long current;
        try (PreparedStatement ps = tx.prepare(versionSql)) {
            tx.dialect.bindUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                current = rs.getLong(1);
            }
        }
        V cached = at(id, current);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (PreparedStatement ps = tx.prepare(rowSql)) {
            tx.dialect.bindUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<V> row = reader.read(rs);
                if (tx.readOnly()) {
                    row.ifPresent(value -> remember(id, value));
                }
                return row;
            }
        }
    }

    /** The cached value of {@code id} if it is at {@code version}, else null. */
    V at(UUID id, long atVersion) {
        V value = byId.get(id);
        return value != null && version.applyAsLong(value) == atVersion ? value : null;
    }

    /** Remembers {@code value}, read from committed data. */
    void remember(UUID id, V value) {
        if (byId.size() >= MAX_ENTRIES) {
            byId.clear();
        }
        byId.merge(id, value, (old, fresh) -> version.applyAsLong(fresh) >= version.applyAsLong(old) ? fresh : old);
    }
}
