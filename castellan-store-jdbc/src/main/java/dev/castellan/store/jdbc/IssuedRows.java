package dev.castellan.store.jdbc;

import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.core.model.Serial;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Rows of the {@code certificate} table. While a certificate is PENDING its {@code issued_at} holds the time the
 * serial was reserved; issuing overwrites it with the time the signature was committed.
 */
final class IssuedRows {
    static final String SELECT = "SELECT serial, status, der, not_before, not_after, issued_at, revoked_at,"
            + " revocation_reason, template_arn, crl_partition_id FROM certificate";
    static final String INSERT = "INSERT INTO certificate (ca_id, serial, status, der, not_before, not_after, issued_at,"
            + " template_arn, crl_partition_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private IssuedRows() {}

    static void bind(PreparedStatement ps, IssuedCertificate c, Dialect dialect) throws SQLException {
        dialect.bindUuid(ps, 1, c.caId());
        ps.setString(2, c.serial().hex());
        Columns.setEnum(ps, 3, c.status());
        Columns.setBytes(ps, 4, c.der());
        Columns.setInstant(ps, 5, c.notBefore());
        Columns.setInstant(ps, 6, c.notAfter());
        Columns.setInstant(ps, 7, c.issuedAt() != null ? c.issuedAt() : c.createdAt());
        ps.setString(8, c.templateArn());
        CrlRows.bindNullableUuid(ps, 9, c.crlPartition(), dialect);
    }

    static IssuedCertificate read(ResultSet rs, UUID caId, Dialect dialect) throws SQLException {
        IssuedCertificate.Status status = Columns.enumValue(rs, "status", IssuedCertificate.Status.class);
        java.time.Instant stamp = Columns.instant(rs, "issued_at");
        return new IssuedCertificate(caId, Serial.parseHex(rs.getString("serial")), status, rs.getBytes("der"),
                Columns.instant(rs, "not_before"), Columns.instant(rs, "not_after"), stamp,
                status == IssuedCertificate.Status.ISSUED ? stamp : null, rs.getString("template_arn"),
                Columns.instant(rs, "revoked_at"), rs.getString("revocation_reason"),
                CrlRows.nullableUuid(rs, "crl_partition_id", dialect));
    }
}
