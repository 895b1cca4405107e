package dev.castellan.store.jdbc;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.ca.Tag;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The changes of {@link WriteTransaction}. On SQLite the transaction began with {@code BEGIN IMMEDIATE}, so it
 * holds the database's write lock from its first statement and the version check cannot race. On PostgreSQL it
 * runs at READ COMMITTED: {@code UPDATE ... WHERE id = ? AND version = ?} waits for a concurrent writer's row
 * lock, then re-checks the version against the committed row, so exactly one of two racing updates matches.
 */
final class JdbcWriteTransaction extends JdbcReadTransaction implements WriteTransaction {

    private final List<VersionedCache<?>> changedCaches = new ArrayList<>(1);

    JdbcWriteTransaction(Connection connection, Dialect dialect, StatementCache statements,
            VersionedCache<CertificateAuthority> cas) {
        super(connection, dialect, statements, cas);
    }

    @Override
    boolean readOnly() {
        return false;
    }

    /** The caches whose rows this transaction changed: the writer moves each on again once the transaction ended. */
    List<VersionedCache<?>> changedCaches() {
        return changedCaches;
    }

    /** Marks a change to a row of {@code cache}'s kind, before the statement that makes it (see {@link VersionedCache}). */
    void changing(VersionedCache<?> cache) {
        if (!changedCaches.contains(cache)) {
            changedCaches.add(cache);
        }
        cache.changing();
    }

    @Override
    public void insert(CertificateAuthority ca) {
        if (ca.createdAt() == null) {
            throw new IllegalArgumentException("A certificate authority needs createdAt: listings are ordered by it.");
        }
        changing(cas);
        try (PreparedStatement ps = prepare(CaRows.INSERT)) {
            dialect.bindUuid(ps, 1, ca.id());
            int next = CaRows.bindData(ps, 2, ca);
            ps.setLong(next, ca.version());
            ps.executeUpdate();
            insertTags(ca.id(), ca.tags());
        } catch (SQLException e) {
            throw StoreErrors.of("create the certificate authority", e);
        }
    }

    @Override
    public void insert(IssuedCertificate pending) {
        try (PreparedStatement ps = prepare(IssuedRows.INSERT)) {
            IssuedRows.bind(ps, pending, dialect);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreErrors.of("reserve a certificate serial", e);
        }
    }

    @Override
    public void markIssued(UUID caId, Serial serial, byte[] der, Instant issuedAt) {
        String sql = "UPDATE certificate SET status = 'ISSUED', der = ?, issued_at = ?"
                + " WHERE ca_id = ? AND serial = ? AND status = 'PENDING'";
        try (PreparedStatement ps = prepare(sql)) {
            ps.setBytes(1, der);
            Columns.setInstant(ps, 2, issuedAt);
            dialect.bindUuid(ps, 3, caId);
            ps.setString(4, serial.hex());
            if (ps.executeUpdate() != 1) {
                throw new CastellanException(ErrorCode.INTERNAL, "The certificate " + serial + " was not pending.");
            }
        } catch (SQLException e) {
            throw StoreErrors.of("commit an issued certificate", e);
        }
    }

    // ----- revocation and CRL scopes: the SQL lives in CrlRows

    @Override
    public boolean revoke(UUID caId, Serial serial, Instant at, RevocationReason reason) {
        return new CrlRows(this).revoke(caId, serial, at, reason);
    }

    @Override
    public boolean insert(CrlScope scope) {
        return new CrlRows(this).insert(scope);
    }

    @Override
    public boolean bindToCrlScope(UUID caId, UUID scopeId) {
        return new CrlRows(this).bind(caId, scopeId);
    }

    @Override
    public void closeCrlScope(UUID caId, UUID scopeId) {
        new CrlRows(this).close(caId, scopeId);
    }

    @Override
    public void setCrlScopeAssigned(UUID caId, UUID scopeId, long assigned) {
        new CrlRows(this).setAssigned(caId, scopeId, assigned);
    }

    @Override
    public void markCrlScopeDirty(UUID caId, UUID scopeId) {
        new CrlRows(this).markDirty(caId, scopeId);
    }

    @Override
    public boolean reserveCrlNumber(UUID caId, UUID scopeId, long number) {
        return new CrlRows(this).reserve(caId, scopeId, number);
    }

    @Override
    public boolean publish(CrlPublication crl, long generation, Instant refreshAt) {
        return new CrlRows(this).publish(crl, generation, refreshAt);
    }

    @Override
    public boolean acquireLease(String name, String holder, Instant now, Instant until) {
        return new CrlRows(this).acquireLease(name, holder, now, until);
    }

    // ----- OCSP responder (issue 4, item 7): the SQL lives in OcspRows

    @Override
    public void insert(DelegatedResponder responder) {
        new OcspRows(this).insert(responder);
    }

    // ----- end OCSP responder

    @Override
    public CertificateAuthority update(CertificateAuthority ca) {
        if (ca.createdAt() == null) {
            throw new IllegalArgumentException("A certificate authority needs createdAt: listings are ordered by it.");
        }
        long next = ca.version() + 1;
        changing(cas);
        try (PreparedStatement ps = prepare(CaRows.UPDATE)) {
            int i = CaRows.bindData(ps, 1, ca);
            ps.setLong(i++, next);
            dialect.bindUuid(ps, i++, ca.id());
            ps.setLong(i, ca.version());
            if (ps.executeUpdate() == 0) {
                throw lostUpdate(ca.id());
            }
            try (PreparedStatement delete = prepare(CaRows.DELETE_TAGS)) {
                dialect.bindUuid(delete, 1, ca.id());
                delete.executeUpdate();
            }
            insertTags(ca.id(), ca.tags());
        } catch (SQLException e) {
            throw StoreErrors.of("update the certificate authority", e);
        }
        return ca.toBuilder().version(next).build();
    }

    /** Zero rows matched: either the version moved on, or there never was such a CA. */
    private CastellanException lostUpdate(UUID id) {
        if (certificateAuthority(id).isEmpty()) {
            return new CastellanException(ErrorCode.NOT_FOUND, "The certificate authority " + id + " does not exist.");
        }
        return new CastellanException(ErrorCode.CONCURRENT_MODIFICATION,
                "The certificate authority " + id + " was changed by another request; retry.");
    }

    private void insertTags(UUID caId, List<Tag> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = prepare(CaRows.INSERT_TAG)) {
            for (int position = 0; position < tags.size(); position++) {
                dialect.bindUuid(ps, 1, caId);
                ps.setInt(2, position);
                ps.setString(3, tags.get(position).key());
                ps.setString(4, tags.get(position).value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Stores the record, replacing an expired one under the same key. Expired means older than the notBefore
     * of this transaction's own lookup that found nothing; without such a lookup any stored record is replaced.
     * The condition matters on PostgreSQL: two transactions may both miss at READ COMMITTED, and the second
     * must not overwrite the record the first committed meanwhile; it fails with CONCURRENT_MODIFICATION and
     * its retry finds the first one's result.
     */
    @Override
    public void remember(IdempotencyRecord record) {
        String sql = "INSERT INTO idempotency (scope, token, arguments_hash, result, created_at) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (scope, token) DO UPDATE SET arguments_hash = excluded.arguments_hash,"
                + " result = excluded.result, created_at = excluded.created_at WHERE idempotency.created_at < ?";
        long expiredBefore = idempotencyMiss(record.scope(), record.token()).map(Instant::toEpochMilli)
                .orElse(Long.MAX_VALUE);
        try (PreparedStatement ps = prepare(sql)) {
            ps.setString(1, record.scope());
            ps.setString(2, record.token());
            ps.setString(3, record.argumentsHash());
            ps.setString(4, record.result());
            Columns.setInstant(ps, 5, record.createdAt());
            ps.setLong(6, expiredBefore);
            if (ps.executeUpdate() == 0) {
                throw new CastellanException(ErrorCode.CONCURRENT_MODIFICATION,
                        "Another request with the same idempotency token completed meanwhile; retry.");
            }
        } catch (SQLException e) {
            throw StoreErrors.of("remember the request", e);
        }
    }

    @Override
    public void insert(AccessKey key) {
        String sql = "INSERT INTO access_key (access_key_id, principal_name, role, sealed_secret, created_at)"
                + " VALUES (?, ?, ?, ?, ?)";
        try (PreparedStatement ps = prepare(sql)) {
            ps.setString(1, key.accessKeyId());
            ps.setString(2, key.principalName());
            Columns.setEnum(ps, 3, key.role());
            Columns.setBytes(ps, 4, key.sealedSecret());
            Columns.setInstant(ps, 5, key.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreErrors.of("create the access key", e);
        }
    }

    @Override
    public void append(AuditEvent event) {
        String sql = "INSERT INTO audit_event (at, principal, action, resource, outcome, detail)"
                + " VALUES (?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = prepare(sql)) {
            Columns.setInstant(ps, 1, event.at());
            ps.setString(2, event.principal());
            ps.setString(3, event.action());
            ps.setString(4, event.resource());
            Columns.setEnum(ps, 5, event.outcome());
            ps.setString(6, event.detail());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreErrors.of("record the audit event", e);
        }
    }
}
