package dev.castellan.store.jdbc;

import static dev.castellan.store.jdbc.Columns.enumValue;
import static dev.castellan.store.jdbc.Columns.instant;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.Tag;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.UsageMode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The mapping between {@link CertificateAuthority} and the {@code certificate_authority} and {@code ca_tag}
 * rows. A CA is always read together with its tags in one statement (a join), so even at READ COMMITTED the
 * tags belong to the same committed version as the row.
 */
final class CaRows {
    /** Every column but id and version, in the order {@link #bindData} binds them. */
    private static final List<String> DATA_COLUMNS = List.of(
            "type", "status", "status_before_deletion", "usage_mode", "key_storage_security_standard",
            "configuration", "revocation", "key_ref", "csr_der", "certificate_der", "chain_pem",
            "certificate_serial_hex", "not_before", "not_after", "created_at", "last_state_change_at",
            "restorable_until");

    static final String INSERT = "INSERT INTO certificate_authority (id, " + String.join(", ", DATA_COLUMNS)
            + ", version) VALUES (?" + ", ?".repeat(DATA_COLUMNS.size()) + ", ?)";

    /** Parameters: data columns, new version, id, expected version. */
    static final String UPDATE = "UPDATE certificate_authority SET " + String.join(" = ?, ", DATA_COLUMNS)
            + " = ?, version = ? WHERE id = ? AND version = ?";

    /**
     * Selects CAs from {@code certificate_authority} rows narrowed by {@code filter} (a FROM-less tail: WHERE,
     * ORDER BY, LIMIT), each joined to its tags in order.
     */
    static String select(String filter) {
        return "SELECT ca.id, ca." + String.join(", ca.", DATA_COLUMNS) + ", ca.version,"
                + " t.key AS tag_key, t.value AS tag_value"
                + " FROM (SELECT * FROM certificate_authority " + filter + ") ca"
                + " LEFT JOIN ca_tag t ON t.ca_id = ca.id"
                + " ORDER BY ca.created_at, ca.id, t.position";
    }

    /** The version of one CA: every change to its row or tags moves it (see {@link VersionedCache}). */
    static final String SELECT_VERSION = "SELECT version FROM certificate_authority WHERE id = ?";

    static final String DELETE_TAGS = "DELETE FROM ca_tag WHERE ca_id = ?";
    static final String INSERT_TAG = "INSERT INTO ca_tag (ca_id, position, key, value) VALUES (?, ?, ?, ?)";

    private CaRows() {}

    /** Binds the data columns from {@code index} on; returns the next free index. */
    static int bindData(PreparedStatement ps, int index, CertificateAuthority ca) throws SQLException {
        int i = index;
        Columns.setEnum(ps, i++, ca.type());
        Columns.setEnum(ps, i++, ca.status());
        Columns.setEnum(ps, i++, ca.statusBeforeDeletion());
        Columns.setEnum(ps, i++, ca.usageMode());
        Columns.setText(ps, i++, ca.keyStorageSecurityStandard());
        Columns.setText(ps, i++, ConfigurationJson.write(ca.configuration()));
        Columns.setText(ps, i++, ConfigurationJson.write(ca.revocation()));
        Columns.setText(ps, i++, ca.key().uri());
        Columns.setBytes(ps, i++, ca.csrDer());
        Columns.setBytes(ps, i++, ca.certificateDer());
        Columns.setText(ps, i++, ca.chainPem());
        Columns.setText(ps, i++, ca.certificateSerialHex());
        Columns.setInstant(ps, i++, ca.notBefore());
        Columns.setInstant(ps, i++, ca.notAfter());
        Columns.setInstant(ps, i++, ca.createdAt());
        Columns.setInstant(ps, i++, ca.lastStateChangeAt());
        Columns.setInstant(ps, i++, ca.restorableUntil());
        return i;
    }

    /** Folds the rows of {@link #select} (one per tag, at least one per CA) into CAs, keeping their order. */
    static List<CertificateAuthority> read(ResultSet rs, Dialect dialect) throws SQLException {
        List<CertificateAuthority> out = new ArrayList<>();
        CertificateAuthority.Builder current = null;
        UUID currentId = null;
        List<Tag> tags = new ArrayList<>();
        while (rs.next()) {
            UUID id = dialect.readUuid(rs, "id");
            if (!id.equals(currentId)) {
                if (current != null) {
                    out.add(current.tags(tags).build());
                }
                current = caWithoutTags(rs, id);
                currentId = id;
                tags = new ArrayList<>();
            }
            String key = rs.getString("tag_key");
            if (key != null) {
                tags.add(new Tag(key, rs.getString("tag_value")));
            }
        }
        if (current != null) {
            out.add(current.tags(tags).build());
        }
        return out;
    }

    private static CertificateAuthority.Builder caWithoutTags(ResultSet rs, UUID id) throws SQLException {
        return new CertificateAuthority.Builder()
                .id(id)
                .type(enumValue(rs, "type", CaType.class))
                .status(enumValue(rs, "status", CaStatus.class))
                .statusBeforeDeletion(enumValue(rs, "status_before_deletion", CaStatus.class))
                .usageMode(enumValue(rs, "usage_mode", UsageMode.class))
                .keyStorageSecurityStandard(rs.getString("key_storage_security_standard"))
                .configuration(ConfigurationJson.readConfiguration(rs.getString("configuration")))
                .revocation(ConfigurationJson.readRevocation(rs.getString("revocation")))
                .key(new KeyRef(rs.getString("key_ref")))
                .csrDer(rs.getBytes("csr_der"))
                .certificateDer(rs.getBytes("certificate_der"))
                .chainPem(rs.getString("chain_pem"))
                .certificateSerialHex(rs.getString("certificate_serial_hex"))
                .notBefore(instant(rs, "not_before"))
                .notAfter(instant(rs, "not_after"))
                .createdAt(instant(rs, "created_at"))
                .lastStateChangeAt(instant(rs, "last_state_change_at"))
                .restorableUntil(instant(rs, "restorable_until"))
                .version(rs.getLong("version"));
    }
}
