package dev.castellan.store.jdbc;

import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.crl.CrlEntry;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The SQL of CRL scopes, publications, revocation and the publisher lease, on the connection of one transaction.
 * Every change that races is a single conditional statement (an {@code UPDATE ... WHERE} or an
 * {@code INSERT ... ON CONFLICT}), so it is atomic on SQLite's single writer and on PostgreSQL at READ COMMITTED,
 * where the statement waits for a concurrent writer's row lock and re-checks its condition against the committed row.
 */
final class CrlRows {
    private static final String SCOPE_COLUMNS = "ca_id, scope_id, kind, ordinal, capacity, assigned, closed, bucket,"
            + " object_key, distribution_point, generation, published_generation, crl_number, reserved_crl_number,"
            + " this_update, next_update, refresh_at, created_at";
    private static final String SELECT_SCOPE = "SELECT " + SCOPE_COLUMNS + " FROM crl_scope ";
    /** Rows a PostgreSQL cursor fetches at a time, so a million revoked certificates stream instead of loading. */
    private static final int FETCH_SIZE = 4096;

    private final JdbcReadTransaction tx;
    private final Dialect dialect;

    CrlRows(JdbcReadTransaction tx) {
        this.tx = tx;
        this.dialect = tx.dialect;
    }

    // ----- reads

    Optional<CrlScope> scope(UUID caId, UUID scopeId) {
        List<CrlScope> rows = scopes("WHERE ca_id = ? AND scope_id = ?", caId, scopeId);
        return rows.stream().findFirst();
    }

    Optional<CrlScope> openPartition(UUID caId) {
        return scopes("WHERE ca_id = ? AND kind = 'PARTITION' AND closed = 0", caId).stream().findFirst();
    }

    List<CrlScope> scopes(UUID caId) {
        return scopes("WHERE ca_id = ? ORDER BY ordinal", caId);
    }

    List<CrlScope> due(Instant now) {
        String where = "WHERE generation > published_generation OR refresh_at <= ?"
                + " ORDER BY CASE WHEN generation > published_generation THEN 0 ELSE 1 END, refresh_at, ca_id, ordinal";
        try (PreparedStatement ps = tx.prepare(SELECT_SCOPE + where)) {
            Columns.setInstant(ps, 1, now);
            return readScopes(ps);
        } catch (SQLException e) {
            throw StoreErrors.of("find the CRLs due", e);
        }
    }

    long scalar(String sql, UUID caId, String action) {
        try (PreparedStatement ps = tx.prepare(sql)) {
            dialect.bindUuid(ps, 1, caId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw StoreErrors.of(action, e);
        }
    }

    void forEachRevoked(UUID caId, UUID partitionId, Instant notAfterFloor, Consumer<CrlEntry> visitor) {
        String sql = "SELECT serial, revoked_at, revocation_reason FROM certificate WHERE ca_id = ? AND "
                + (partitionId == null ? "crl_partition_id IS NULL" : "crl_partition_id = ?")
                + " AND revoked_at IS NOT NULL AND not_after >= ? ORDER BY serial";
        try (PreparedStatement ps = tx.prepare(sql)) {
            int i = 1;
            dialect.bindUuid(ps, i++, caId);
            if (partitionId != null) {
                dialect.bindUuid(ps, i++, partitionId);
            }
            Columns.setInstant(ps, i, notAfterFloor);
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // The column holds canonical hex (a CHECK constraint), so no re-validation per row.
                    visitor.accept(new CrlEntry(new Serial(new BigInteger(rs.getString(1), 16)),
                            Instant.ofEpochMilli(rs.getLong(2)), RevocationReason.valueOf(rs.getString(3))));
                }
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read the revoked certificates", e);
        }
    }

    Optional<CrlPublication> publication(UUID caId, UUID scopeId) {
        String sql = "SELECT crl_number, this_update, next_update, der FROM crl_publication WHERE ca_id = ? AND scope_id = ?";
        try (PreparedStatement ps = tx.prepare(sql)) {
            dialect.bindUuid(ps, 1, caId);
            dialect.bindUuid(ps, 2, scopeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CrlPublication(caId, scopeId, rs.getLong(1), Columns.instant(rs, "this_update"),
                        Columns.instant(rs, "next_update"), rs.getBytes(4)));
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read a published CRL", e);
        }
    }

    boolean holdsLease(String name, String holder, Instant now) {
        try (PreparedStatement ps = tx.prepare("SELECT 1 FROM publisher_lease WHERE name = ? AND holder = ? AND expires_at > ?")) {
            ps.setString(1, name);
            ps.setString(2, holder);
            Columns.setInstant(ps, 3, now);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read the lease", e);
        }
    }

    // ----- writes

    boolean revoke(UUID caId, Serial serial, Instant at, RevocationReason reason) {
        return update("UPDATE certificate SET revoked_at = ?, revocation_reason = ? WHERE ca_id = ? AND serial = ?"
                + " AND status = 'ISSUED' AND revoked_at IS NULL", "revoke the certificate", ps -> {
                    Columns.setInstant(ps, 1, at);
                    Columns.setEnum(ps, 2, reason);
                    dialect.bindUuid(ps, 3, caId);
                    ps.setString(4, serial.hex());
                }) == 1;
    }

    boolean insert(CrlScope s) {
        String sql = "INSERT INTO crl_scope (" + SCOPE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT DO NOTHING";
        return update(sql, "open a CRL scope", ps -> {
            dialect.bindUuid(ps, 1, s.caId());
            dialect.bindUuid(ps, 2, s.scopeId());
            Columns.setEnum(ps, 3, s.kind());
            ps.setInt(4, s.ordinal());
            ps.setLong(5, s.capacity());
            ps.setLong(6, s.assigned());
            ps.setInt(7, s.closed() ? 1 : 0);
            Columns.setText(ps, 8, s.bucket());
            Columns.setText(ps, 9, s.objectKey());
            Columns.setText(ps, 10, s.distributionPoint());
            ps.setLong(11, s.generation());
            ps.setLong(12, s.publishedGeneration());
            ps.setLong(13, s.crlNumber());
            ps.setLong(14, s.reservedCrlNumber());
            Columns.setInstant(ps, 15, s.thisUpdate());
            Columns.setInstant(ps, 16, s.nextUpdate());
            Columns.setInstant(ps, 17, s.refreshAt());
            Columns.setInstant(ps, 18, s.createdAt());
        }) == 1;
    }

    boolean bind(UUID caId, UUID scopeId) {
        // The right-hand sides see the row before the update: a partition closes with the certificate that fills it.
        return update("UPDATE crl_scope SET assigned = assigned + 1,"
                + " closed = CASE WHEN kind = 'PARTITION' AND assigned + 1 >= capacity THEN 1 ELSE closed END"
                + " WHERE ca_id = ? AND scope_id = ? AND assigned < capacity AND (kind = 'COMPLETE' OR closed = 0)",
                "bind the certificate to its CRL", key(caId, scopeId, 1)) == 1;
    }

    void close(UUID caId, UUID scopeId) {
        update("UPDATE crl_scope SET closed = 1 WHERE ca_id = ? AND scope_id = ?", "close a CRL partition",
                key(caId, scopeId, 1));
    }

    void setAssigned(UUID caId, UUID scopeId, long assigned) {
        update("UPDATE crl_scope SET assigned = ? WHERE ca_id = ? AND scope_id = ?", "count the CA's certificates", ps -> {
            ps.setLong(1, assigned);
            key(caId, scopeId, 2).bind(ps);
        });
    }

    void markDirty(UUID caId, UUID scopeId) {
        if (update("UPDATE crl_scope SET generation = generation + 1 WHERE ca_id = ? AND scope_id = ?",
                "mark the CRL for re-signing", key(caId, scopeId, 1)) != 1) {
            throw new CastellanException(ErrorCode.INTERNAL, "The CRL scope " + scopeId + " of CA " + caId + " does not exist.");
        }
    }

    boolean reserve(UUID caId, UUID scopeId, long number) {
        return update("UPDATE crl_scope SET reserved_crl_number = ? WHERE ca_id = ? AND scope_id = ?"
                + " AND reserved_crl_number < ? AND crl_number < ?", "reserve a CRL number", ps -> {
                    ps.setLong(1, number);
                    key(caId, scopeId, 2).bind(ps);
                    ps.setLong(4, number);
                    ps.setLong(5, number);
                }) == 1;
    }

    boolean publish(CrlPublication crl, long generation, Instant refreshAt) {
        // The scope row is the arbiter: it moves only forward, and on PostgreSQL its row lock orders two publishers.
        int moved = update("UPDATE crl_scope SET crl_number = ?,"
                + " published_generation = CASE WHEN published_generation > ? THEN published_generation ELSE ? END,"
                + " this_update = ?, next_update = ?, refresh_at = ? WHERE ca_id = ? AND scope_id = ? AND crl_number < ?",
                "publish the CRL", ps -> {
                    ps.setLong(1, crl.crlNumber());
                    ps.setLong(2, generation);
                    ps.setLong(3, generation);
                    Columns.setInstant(ps, 4, crl.thisUpdate());
                    Columns.setInstant(ps, 5, crl.nextUpdate());
                    Columns.setInstant(ps, 6, refreshAt);
                    key(crl.caId(), crl.scopeId(), 7).bind(ps);
                    ps.setLong(9, crl.crlNumber());
                });
        if (moved != 1) {
            return false;
        }
        update("INSERT INTO crl_publication (ca_id, scope_id, crl_number, this_update, next_update, der)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (ca_id, scope_id) DO UPDATE SET crl_number = excluded.crl_number,"
                + " this_update = excluded.this_update, next_update = excluded.next_update, der = excluded.der"
                + " WHERE crl_publication.crl_number < excluded.crl_number", "store the CRL", ps -> {
                    key(crl.caId(), crl.scopeId(), 1).bind(ps);
                    ps.setLong(3, crl.crlNumber());
                    Columns.setInstant(ps, 4, crl.thisUpdate());
                    Columns.setInstant(ps, 5, crl.nextUpdate());
                    ps.setBytes(6, crl.der());
                });
        return true;
    }

    boolean acquireLease(String name, String holder, Instant now, Instant until) {
        return update("INSERT INTO publisher_lease (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (name)"
                + " DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
                + " WHERE publisher_lease.holder = excluded.holder OR publisher_lease.expires_at <= ?",
                "take the lease", ps -> {
                    ps.setString(1, name);
                    ps.setString(2, holder);
                    Columns.setInstant(ps, 3, until);
                    Columns.setInstant(ps, 4, now);
                }) == 1;
    }

    // ----- helpers

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Binder key(UUID caId, UUID scopeId, int first) {
        return ps -> {
            dialect.bindUuid(ps, first, caId);
            dialect.bindUuid(ps, first + 1, scopeId);
        };
    }

    private int update(String sql, String action, Binder binder) {
        try (PreparedStatement ps = tx.prepare(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreErrors.of(action, e);
        }
    }

    private List<CrlScope> scopes(String where, UUID caId, UUID... more) {
        try (PreparedStatement ps = tx.prepare(SELECT_SCOPE + where)) {
            dialect.bindUuid(ps, 1, caId);
            for (int i = 0; i < more.length; i++) {
                dialect.bindUuid(ps, i + 2, more[i]);
            }
            return readScopes(ps);
        } catch (SQLException e) {
            throw StoreErrors.of("read CRL scopes", e);
        }
    }

    private List<CrlScope> readScopes(PreparedStatement ps) throws SQLException {
        List<CrlScope> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new CrlScope(dialect.readUuid(rs, "ca_id"), dialect.readUuid(rs, "scope_id"),
                        Columns.enumValue(rs, "kind", CrlScope.Kind.class), rs.getInt("ordinal"), rs.getLong("capacity"),
                        rs.getLong("assigned"), rs.getInt("closed") == 1, rs.getString("bucket"),
                        rs.getString("object_key"), rs.getString("distribution_point"), rs.getLong("generation"),
                        rs.getLong("published_generation"), rs.getLong("crl_number"), rs.getLong("reserved_crl_number"),
                        Columns.instant(rs, "this_update"), Columns.instant(rs, "next_update"),
                        Columns.instant(rs, "refresh_at"), Columns.instant(rs, "created_at")));
            }
        }
        return out;
    }

    /** Binds a UUID that may be null (a certificate bound to no partition). */
    static void bindNullableUuid(PreparedStatement ps, int index, UUID id, Dialect dialect) throws SQLException {
        if (id == null) {
            ps.setNull(index, dialect == Dialect.POSTGRESQL ? Types.OTHER : Types.VARCHAR);
        } else {
            dialect.bindUuid(ps, index, id);
        }
    }

    static UUID nullableUuid(ResultSet rs, String column, Dialect dialect) throws SQLException {
        return rs.getObject(column) == null ? null : dialect.readUuid(rs, column);
    }
}
