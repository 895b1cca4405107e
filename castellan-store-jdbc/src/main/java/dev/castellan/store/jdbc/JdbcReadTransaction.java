package dev.castellan.store.jdbc;

import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.authority.ocsp.RecentRevocation;
import dev.castellan.core.crl.CrlEntry;
import dev.castellan.core.model.Serial;
import dev.castellan.authority.store.ReadTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The queries of {@link ReadTransaction} on one connection whose transaction the {@link JdbcStore} opened
 * and will end. It is valid only while the store's callback runs; afterwards every call fails.
 *
 * <p>A SQLite read transaction takes its connection and begins only at its first statement ({@link Begin}): a
 * callback served entirely from the store's caches (a CA looked up again) costs no connection, no snapshot and no
 * statement.
 */
class JdbcReadTransaction implements ReadTransaction {
    /** Takes a pooled connection and begins a transaction on it, for a transaction's first statement. */
    @FunctionalInterface
    interface Begin {
        Connection begin() throws SQLException;
    }

    private Connection connection;
    private final Begin begin;
    final Dialect dialect;
    private final StatementCache statements;
    final VersionedCache<CertificateAuthority> cas;
    /** The store's cache generation before this transaction's first statement (see {@link VersionedCache}). */
    private final long cacheGeneration;
    /** Per (scope, token): the notBefore of this transaction's lookup that found no live record. */
    private final Map<List<String>, Instant> idempotencyMisses = new HashMap<>();
    private boolean open = true;

    /** A transaction already begun on {@code connection}. */
    JdbcReadTransaction(Connection connection, Dialect dialect, StatementCache statements,
            VersionedCache<CertificateAuthority> cas) {
        this(connection, null, dialect, statements, cas);
    }

    /** A transaction that begins by {@code begin} at its first statement, if it has one. */
    JdbcReadTransaction(Begin begin, Dialect dialect, StatementCache statements, VersionedCache<CertificateAuthority> cas) {
        this(null, begin, dialect, statements, cas);
    }

    private JdbcReadTransaction(Connection connection, Begin begin, Dialect dialect, StatementCache statements,
            VersionedCache<CertificateAuthority> cas) {
        this.cacheGeneration = cas.generation();
        this.connection = connection;
        this.begin = begin;
        this.dialect = dialect;
        this.statements = statements;
        this.cas = cas;
    }

    @Override
    public Optional<CertificateAuthority> certificateAuthority(UUID id) {
        try {
            return cas.read(this, id, CaRows.SELECT_VERSION, CaRows.select("WHERE id = ?"),
                    rs -> CaRows.read(rs, dialect).stream().findFirst());
        } catch (SQLException e) {
            throw StoreErrors.of("read a certificate authority", e);
        }
    }

    /** Whether this transaction only reads, so everything it sees is committed. */
    boolean readOnly() {
        return true;
    }

    @Override
    public List<CertificateAuthority> certificateAuthorities(ListCursor after, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        String filter = (after == null ? "" : "WHERE (created_at, id) > (?, ?) ") + "ORDER BY created_at, id LIMIT ?";
        try (PreparedStatement ps = prepare(CaRows.select(filter))) {
            int i = 1;
            if (after != null) {
                Columns.setInstant(ps, i++, after.createdAt());
                dialect.bindUuid(ps, i++, after.id());
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return CaRows.read(rs, dialect);
            }
        } catch (SQLException e) {
            throw StoreErrors.of("list certificate authorities", e);
        }
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String scope, String token, Instant notBefore) {
        String sql = "SELECT arguments_hash, result, created_at FROM idempotency"
                + " WHERE scope = ? AND token = ? AND created_at >= ?";
        try (PreparedStatement ps = prepare(sql)) {
            ps.setString(1, scope);
            ps.setString(2, token);
            Columns.setInstant(ps, 3, notBefore);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    idempotencyMisses.put(List.of(scope, token), notBefore);
                    return Optional.empty();
                }
                idempotencyMisses.remove(List.of(scope, token));
                return Optional.of(new IdempotencyRecord(scope, token, rs.getString("arguments_hash"),
                        rs.getString("result"), Columns.instant(rs, "created_at")));
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read an idempotency record", e);
        }
    }

    @Override
    public Optional<AccessKey> accessKey(String accessKeyId) {
        String sql = "SELECT principal_name, role, sealed_secret, created_at FROM access_key WHERE access_key_id = ?";
        try (PreparedStatement ps = prepare(sql)) {
            ps.setString(1, accessKeyId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new AccessKey(accessKeyId, rs.getString("principal_name"),
                        Columns.enumValue(rs, "role", Principal.Role.class), rs.getBytes("sealed_secret"),
                        Columns.instant(rs, "created_at")));
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read an access key", e);
        }
    }

    @Override
    public Optional<String> administratorAccessKeyId() {
        String sql = "SELECT access_key_id FROM access_key WHERE role = 'ADMINISTRATOR' ORDER BY created_at, access_key_id LIMIT 1";
        try (PreparedStatement ps = prepare(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            throw StoreErrors.of("read access keys", e);
        }
    }

    @Override
    public boolean anyAccessKey() {
        try (PreparedStatement ps = prepare("SELECT 1 FROM access_key LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        } catch (SQLException e) {
            throw StoreErrors.of("read access keys", e);
        }
    }

    @Override
    public Optional<IssuedCertificate> certificate(UUID caId, Serial serial) {
        try (PreparedStatement ps = prepare(IssuedRows.SELECT + " WHERE ca_id = ? AND serial = ?")) {
            dialect.bindUuid(ps, 1, caId);
            ps.setString(2, serial.hex());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(IssuedRows.read(rs, caId, dialect)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read a certificate", e);
        }
    }

    // ----- CRL scopes and publication: the SQL lives in CrlRows

    @Override
    public Optional<CrlScope> crlScope(UUID caId, UUID scopeId) {
        return new CrlRows(this).scope(caId, scopeId);
    }

    @Override
    public Optional<CrlScope> openCrlPartition(UUID caId) {
        return new CrlRows(this).openPartition(caId);
    }

    @Override
    public int lastCrlPartitionOrdinal(UUID caId) {
        return (int) new CrlRows(this).scalar("SELECT COALESCE(MAX(ordinal), 0) FROM crl_scope WHERE ca_id = ?"
                + " AND kind = 'PARTITION'", caId, "read CRL partitions");
    }

    @Override
    public long boundCertificates(UUID caId) {
        return new CrlRows(this).scalar("SELECT COALESCE(SUM(assigned), 0) FROM crl_scope WHERE ca_id = ?", caId,
                "count bound certificates");
    }

    @Override
    public long certificateCount(UUID caId) {
        return new CrlRows(this).scalar("SELECT count(*) FROM certificate WHERE ca_id = ?", caId, "count certificates");
    }

    @Override
    public List<CrlScope> crlScopes(UUID caId) {
        return new CrlRows(this).scopes(caId);
    }

    @Override
    public List<CrlScope> crlScopesDue(Instant now) {
        return new CrlRows(this).due(now);
    }

    @Override
    public void forEachRevoked(UUID caId, UUID partitionId, Instant notAfterFloor, Consumer<CrlEntry> visitor) {
        new CrlRows(this).forEachRevoked(caId, partitionId, notAfterFloor, visitor);
    }

    @Override
    public Optional<CrlPublication> crlPublication(UUID caId, UUID scopeId) {
        return new CrlRows(this).publication(caId, scopeId);
    }

    @Override
    public boolean holdsLease(String name, String holder, Instant now) {
        return new CrlRows(this).holdsLease(name, holder, now);
    }

    // ----- OCSP responder (issue 4, item 7): the SQL lives in OcspRows

    @Override
    public Optional<DelegatedResponder> ocspResponder(UUID caId) {
        return new OcspRows(this).newestResponder(caId);
    }

    @Override
    public void forEachRevokedSince(Instant since, Consumer<RecentRevocation> visitor) {
        new OcspRows(this).forEachRevokedSince(since, visitor);
    }

    // ----- end OCSP responder

    /**
     * The notBefore with which this transaction last looked up (scope, token) and found nothing live, if it
     * did: a record stored under that key older than this has expired and may be replaced.
     */
    final Optional<Instant> idempotencyMiss(String scope, String token) {
        return Optional.ofNullable(idempotencyMisses.get(List.of(scope, token)));
    }

    /** A statement on this transaction's connection, refused once the transaction has ended. */
    final PreparedStatement prepare(String sql) throws SQLException {
        return statements.prepare(connection(), sql);
    }

    /** The connection of this transaction, begun now if it was not yet; tests use it to look at session settings. */
    final Connection connection() {
        if (!open) {
            throw new IllegalStateException(
                    "This transaction has ended; use the transaction only inside the Store callback.");
        }
        if (connection == null) {
            try {
                connection = begin.begin();
            } catch (SQLException e) {
                throw StoreErrors.of("start a transaction", e);
            }
        }
        return connection;
    }

    /** The connection if a statement began the transaction, else null: then there is nothing to end. */
    final Connection begun() {
        return connection;
    }

    /** See {@link VersionedCache#read}. */
    final long cacheGeneration() {
        return cacheGeneration;
    }

    final void end() {
        open = false;
    }
}
