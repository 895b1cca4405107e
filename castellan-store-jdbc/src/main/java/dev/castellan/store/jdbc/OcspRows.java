package dev.castellan.store.jdbc;

import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.authority.ocsp.RecentRevocation;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.Serial;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** The SQL of the OCSP responder: delegated responder rows, and the poll of recent revocations every server runs. */
final class OcspRows {
    private static final int FETCH_SIZE = 1024;

    private final JdbcReadTransaction tx;
    private final Dialect dialect;

    OcspRows(JdbcReadTransaction tx) {
        this.tx = tx;
        this.dialect = tx.dialect;
    }

    Optional<DelegatedResponder> newestResponder(UUID caId) {
        String sql = "SELECT serial, key_ref, certificate, not_before, not_after, created_at FROM ocsp_responder"
                + " WHERE ca_id = ? ORDER BY not_after DESC, serial LIMIT 1";
        try (PreparedStatement ps = tx.prepare(sql)) {
            dialect.bindUuid(ps, 1, caId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new DelegatedResponder(caId, Serial.parseHex(rs.getString("serial")),
                        new KeyRef(rs.getString("key_ref")), rs.getBytes("certificate"), Columns.instant(rs, "not_before"),
                        Columns.instant(rs, "not_after"), Columns.instant(rs, "created_at")));
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read the OCSP responder", e);
        }
    }

    void forEachRevokedSince(Instant since, Consumer<RecentRevocation> visitor) {
        String sql = "SELECT ca_id, serial, revoked_at FROM certificate WHERE revoked_at IS NOT NULL AND revoked_at >= ?"
                + " ORDER BY revoked_at";
        try (PreparedStatement ps = tx.prepare(sql)) {
            Columns.setInstant(ps, 1, since);
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    visitor.accept(new RecentRevocation(dialect.readUuid(rs, "ca_id"), Serial.parseHex(rs.getString("serial")),
                            Columns.instant(rs, "revoked_at")));
                }
            }
        } catch (SQLException e) {
            throw StoreErrors.of("read recent revocations", e);
        }
    }

    void insert(DelegatedResponder r) {
        String sql = "INSERT INTO ocsp_responder (ca_id, serial, key_ref, certificate, not_before, not_after, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = tx.prepare(sql)) {
            dialect.bindUuid(ps, 1, r.caId());
            ps.setString(2, r.serial().hex());
            ps.setString(3, r.key().uri());
            ps.setBytes(4, r.certificateDer());
            Columns.setInstant(ps, 5, r.notBefore());
            Columns.setInstant(ps, 6, r.notAfter());
            Columns.setInstant(ps, 7, r.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw StoreErrors.of("store the OCSP responder", e);
        }
    }
}
