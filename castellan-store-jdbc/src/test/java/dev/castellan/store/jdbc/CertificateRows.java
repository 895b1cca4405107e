package dev.castellan.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** Raw rows of the {@code certificate} table, which has no port yet: the tests check its constraints directly. */
record CertificateRows(Dialect dialect, UUID caId) {
    void insert(Connection c, String serial, String status, byte[] der, Instant revokedAt) throws SQLException {
        String sql = "INSERT INTO certificate (ca_id, serial, status, der, not_before, not_after, issued_at,"
                + " revoked_at, revocation_reason, template_arn, idempotency_token)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            dialect.bindUuid(ps, 1, caId);
            ps.setString(2, serial);
            ps.setString(3, status);
            Columns.setBytes(ps, 4, der);
            ps.setLong(5, 0);
            ps.setLong(6, 1);
            ps.setLong(7, 0);
            Columns.setInstant(ps, 8, revokedAt);
            Columns.setText(ps, 9, revokedAt == null ? null : "KEY_COMPROMISE");
            ps.setString(10, "arn:aws:acm-pca:::template/EndEntityCertificate/V1");
            ps.setString(11, null);
            ps.executeUpdate();
        }
    }
}
