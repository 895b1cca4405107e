package dev.castellan.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * The last committed version of each row of one kind (CAs, KMS keys) this store read, so that reading the row
 * again costs a one-column query for its version instead of the row, its children and its JSON; and, when this
 * process is the database's only writer, no query at all.
 *
 * <p>Why the version check is safe: every change to such a row goes through {@code UPDATE ... version = version + 1}
 * (optimistic locking), and at most one transaction commits each version, so (id, version) names one content.
 * Entries are added only from read-only transactions, which see committed data; a write transaction may use an
 * entry whose version it sees, but never adds one, because what it sees may still roll back. Other nodes' updates
 * on a shared PostgreSQL database change the version and so miss the cache.
 *
 * <p>Why skipping the check is safe for a {@linkplain #soleWriter sole writer} (SQLite, whose file this process
 * holds locked): every change to a row of this kind is made by this process, which counts them in a generation: a
 * write transaction moves it before it changes such a row ({@link #changing}), and the writer moves it again once the
 * transaction holding the change committed or rolled back, before it answers anyone. So while the generation stays
 * the same, the committed rows of this kind stay the same. An entry is trusted without a query only at the
 * generation it was read in, by a transaction that started in that generation and is still in it; a read that
 * overlapped a change is remembered without that trust. A reader concurrent with a commit may still see the row as
 * it was just before it, as it could have by starting a moment earlier; one that starts after the writer answered
 * sees the change.
 *
 * <p>Why: every IssueCertificate and GetCertificate reads its CA, and every KMS Sign checks its key inside the
 * write that records it; profiling put those reads at a tenth of an issuance's server CPU and a fifth of the
 * SQLite writer's time under KMS Sign load. Even the version query cost SQLite a read snapshot per request, which
 * after every commit starts from an empty page cache: about 4 % of an issuance's CPU (docs/benchmarks.md).
 *
 * @param <V> the cached value, immutable
 */
final class VersionedCache<V> {
    /** More rows than a deployment reads often; past it the cache starts over rather than track recency. */
    static final int MAX_ENTRIES = 4096;
    /** The generation of an entry remembered from a read that overlapped a change: never trusted. */
    private static final long UNTRUSTED = -1;

    private record Entry<V>(V value, long generation) {}

    private final Map<UUID, Entry<V>> byId = new ConcurrentHashMap<>();
    private final ToLongFunction<V> version;
    /** Null when other processes may change the rows too: then every read checks the version. */
    private final AtomicLong generation;

    private VersionedCache(ToLongFunction<V> version, AtomicLong generation) {
        this.version = version;
        this.generation = generation;
    }

    /** A cache of rows other processes may change (a shared PostgreSQL database): every read checks the version. */
    static <V> VersionedCache<V> shared(ToLongFunction<V> version) {
        return new VersionedCache<>(version, null);
    }

    /**
     * A cache of rows only this process changes, and only through write transactions that call {@link #changing}.
     * The caches of one store share {@code generation}, so that a transaction takes one generation for all of them.
     */
    static <V> VersionedCache<V> soleWriter(ToLongFunction<V> version, AtomicLong generation) {
        return new VersionedCache<>(version, generation);
    }

    /** The current generation; a transaction takes it before its first statement. Always 0 when shared. */
    long generation() {
        return generation == null ? 0 : generation.get();
    }

    /**
     * Marks a change to a row of this kind: called by a write transaction before it changes one, and by the writer
     * after the transaction that changed one committed or rolled back, before answering its callers.
     */
    void changing() {
        if (generation != null) {
            generation.incrementAndGet();
        }
    }

    /** Reads one row from a result set positioned before it; empty when there is none. */
    @FunctionalInterface
    interface RowReader<V> {
        Optional<V> read(ResultSet rs) throws SQLException;
    }

    /**
     * The row {@code id} as {@code tx} sees it: the cached value if this process is the sole writer and nothing
     * changed since it was read; else its version by {@code versionSql}, then the cached value at that version or
     * the row by {@code rowSql} (both take the id as their only parameter).
     */
    Optional<V> read(JdbcReadTransaction tx, UUID id, String versionSql, String rowSql, RowReader<V> reader)
            throws SQLException {
        long seen = tx.cacheGeneration();
        if (generation != null) {
            Entry<V> entry = byId.get(id);
            if (entry != null && entry.generation() == seen && generation.get() == seen) {
                return Optional.of(entry.value());
            }
        }
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
            if (tx.readOnly()) {
                remember(id, cached, seen);
            }
            return Optional.of(cached);
        }
        try (PreparedStatement ps = tx.prepare(rowSql)) {
            tx.dialect.bindUuid(ps, 1, id);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<V> row = reader.read(rs);
                if (tx.readOnly()) {
                    row.ifPresent(value -> remember(id, value, seen));
                }
                return row;
            }
        }
    }

    /** The cached value of {@code id} if it is at {@code version}, else null. */
    V at(UUID id, long atVersion) {
        Entry<V> entry = byId.get(id);
        return entry != null && version.applyAsLong(entry.value()) == atVersion ? entry.value() : null;
    }

    /**
     * Remembers {@code value}, read from committed data by a transaction that started in generation {@code seen}:
     * trusted at that generation if no change began or ended since.
     */
    private void remember(UUID id, V value, long seen) {
        if (byId.size() >= MAX_ENTRIES) {
            byId.clear();
        }
        long trustedAt = generation != null && generation.get() == seen ? seen : UNTRUSTED;
        byId.merge(id, new Entry<>(value, trustedAt), (old, fresh) ->
                version.applyAsLong(fresh.value()) >= version.applyAsLong(old.value()) ? fresh : old);
    }
}
