package dev.castellan.store.jdbc;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.kms.KeySpec;
import dev.castellan.authority.kms.KeyState;
import dev.castellan.authority.kms.KeyUsage;
import dev.castellan.authority.kms.KmsAlias;
import dev.castellan.authority.kms.KmsKey;
import dev.castellan.authority.kms.KmsKeyStore;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The key service's {@link KmsKeyStore} on the tables {@code kms_key} and {@code kms_alias}. It runs in the
 * transactions of its {@link JdbcStore}, so it shares their pools, isolation and error handling, and its audit
 * events go to the same {@code audit_event} table in the same transaction as the change they describe.
 *
 * <p>Concurrency: {@link Writes#update} is the same optimistic version check as for CAs. {@link Writes#insert(KmsAlias,
 * AuditEvent)} uses {@code ON CONFLICT DO NOTHING} rather than catching the unique violation, because on PostgreSQL a
 * failed statement aborts the whole transaction, and the audit event must still be writable after a refusal.
 */
final class JdbcKmsKeyStore implements KmsKeyStore {
    private static final String KEY_COLUMNS = "id, key_spec, key_usage, description, key_ref, key_state, created_at,"
            + " deletion_date, pending_window_in_days, version";
    private static final String ALIAS_COLUMNS = "name, target_key_id, created_at, last_updated_at";

    private final JdbcStore store;
    private final VersionedCache<KmsKey> cache;

    JdbcKmsKeyStore(JdbcStore store, VersionedCache<KmsKey> cache) {
        this.store = store;
        this.cache = cache;
    }

    @Override
    public <T> T read(Function<Reads, T> work) {
        return store.read(tx -> work.apply(new JdbcReads((JdbcReadTransaction) tx, cache)));
    }

    @Override
    public <T> T write(Function<Writes, T> work) {
        return store.write(tx -> work.apply(new JdbcWrites((JdbcWriteTransaction) tx, cache)));
    }

    @Override
    public <T> CompletableFuture<T> writeLater(Function<Writes, T> work) {
        return store.writeLater(tx -> work.apply(new JdbcWrites((JdbcWriteTransaction) tx, cache)));
    }

    static class JdbcReads implements Reads {
        final JdbcReadTransaction tx;
        final VersionedCache<KmsKey> cache;

        JdbcReads(JdbcReadTransaction tx, VersionedCache<KmsKey> cache) {
            this.tx = tx;
            this.cache = cache;
        }

        /** The key's version first: a key read before at that version is served from {@link VersionedCache}. */
        @Override
        public Optional<KmsKey> key(UUID id) {
            try {
                return cache.read(tx, id, "SELECT version FROM kms_key WHERE id = ?",
                        "SELECT " + KEY_COLUMNS + " FROM kms_key WHERE id = ?", rs -> keys(rs).stream().findFirst());
            } catch (SQLException e) {
                throw StoreErrors.of("read a KMS key", e);
            }
        }

        @Override
        public List<KmsKey> keys(UUID after, int limit) {
            String sql = "SELECT " + KEY_COLUMNS + " FROM kms_key " + (after == null ? "" : "WHERE id > ? ")
                    + "ORDER BY id LIMIT ?";
            try (PreparedStatement ps = tx.prepare(sql)) {
                int i = 1;
                if (after != null) {
                    tx.dialect.bindUuid(ps, i++, after);
                }
                ps.setInt(i, limit);
                return keys(ps);
            } catch (SQLException e) {
                throw StoreErrors.of("list KMS keys", e);
            }
        }

        @Override
        public List<KmsKey> dueForDeletion(Instant now, int limit) {
            String sql = "SELECT " + KEY_COLUMNS + " FROM kms_key WHERE key_state = 'PendingDeletion'"
                    + " AND deletion_date <= ? ORDER BY deletion_date, id LIMIT ?";
            try (PreparedStatement ps = tx.prepare(sql)) {
                Columns.setInstant(ps, 1, now);
                ps.setInt(2, limit);
                return keys(ps);
            } catch (SQLException e) {
                throw StoreErrors.of("list KMS keys due for deletion", e);
            }
        }

        @Override
        public Optional<KmsAlias> alias(String name) {
            try (PreparedStatement ps = tx.prepare("SELECT " + ALIAS_COLUMNS + " FROM kms_alias WHERE name = ?")) {
                ps.setString(1, name);
                return aliases(ps).stream().findFirst();
            } catch (SQLException e) {
                throw StoreErrors.of("read a KMS alias", e);
            }
        }

        @Override
        public List<KmsAlias> aliases(UUID targetKeyId, String after, int limit) {
            List<String> where = new ArrayList<>();
            if (targetKeyId != null) {
                where.add("target_key_id = ?");
            }
            if (after != null) {
                where.add("name > ?");
            }
            String sql = "SELECT " + ALIAS_COLUMNS + " FROM kms_alias "
                    + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where) + " ") + "ORDER BY name LIMIT ?";
            try (PreparedStatement ps = tx.prepare(sql)) {
                int i = 1;
                if (targetKeyId != null) {
                    tx.dialect.bindUuid(ps, i++, targetKeyId);
                }
                if (after != null) {
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit);
                return aliases(ps);
            } catch (SQLException e) {
                throw StoreErrors.of("list KMS aliases", e);
            }
        }

        private List<KmsKey> keys(PreparedStatement ps) throws SQLException {
            try (ResultSet rs = ps.executeQuery()) {
                return keys(rs);
            }
        }

        private List<KmsKey> keys(ResultSet rs) throws SQLException {
            List<KmsKey> out = new ArrayList<>();
            while (rs.next()) {
                long window = rs.getLong("pending_window_in_days");
                Integer windowOrNull = rs.wasNull() ? null : (int) window;
                out.add(new KmsKey(tx.dialect.readUuid(rs, "id"), Columns.enumValue(rs, "key_spec", KeySpec.class),
                        Columns.enumValue(rs, "key_usage", KeyUsage.class), rs.getString("description"),
                        new KeyRef(rs.getString("key_ref")), Columns.enumValue(rs, "key_state", KeyState.class),
                        Columns.instant(rs, "created_at"), Columns.instant(rs, "deletion_date"), windowOrNull,
                        rs.getLong("version")));
            }
            return out;
        }

        private List<KmsAlias> aliases(PreparedStatement ps) throws SQLException {
            List<KmsAlias> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new KmsAlias(rs.getString("name"), tx.dialect.readUuid(rs, "target_key_id"),
                            Columns.instant(rs, "created_at"), Columns.instant(rs, "last_updated_at")));
                }
            }
            return out;
        }
    }

    private static final class JdbcWrites extends JdbcReads implements Writes {
        private final JdbcWriteTransaction wtx;

        JdbcWrites(JdbcWriteTransaction tx, VersionedCache<KmsKey> cache) {
            super(tx, cache);
            this.wtx = tx;
        }

        @Override
        public void insert(KmsKey key, AuditEvent event) {
            String sql = "INSERT INTO kms_key (" + KEY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
            wtx.changing(cache);
            try (PreparedStatement ps = tx.prepare(sql)) {
                tx.dialect.bindUuid(ps, 1, key.id());
                Columns.setEnum(ps, 2, key.spec());
                Columns.setEnum(ps, 3, key.usage());
                ps.setString(4, key.description());
                ps.setString(5, key.keyRef().uri());
                Columns.setEnum(ps, 6, key.state());
                Columns.setInstant(ps, 7, key.createdAt());
                Columns.setInstant(ps, 8, key.deletionDate());
                setInteger(ps, 9, key.pendingWindowInDays());
                ps.setLong(10, key.version());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw StoreErrors.of("create the KMS key", e);
            }
            wtx.append(event);
        }

        @Override
        public KmsKey update(KmsKey key, AuditEvent event) {
            String sql = "UPDATE kms_key SET description = ?, key_state = ?, deletion_date = ?,"
                    + " pending_window_in_days = ?, version = ? WHERE id = ? AND version = ?";
            long next = key.version() + 1;
            wtx.changing(cache);
            try (PreparedStatement ps = tx.prepare(sql)) {
                ps.setString(1, key.description());
                Columns.setEnum(ps, 2, key.state());
                Columns.setInstant(ps, 3, key.deletionDate());
                setInteger(ps, 4, key.pendingWindowInDays());
                ps.setLong(5, next);
                tx.dialect.bindUuid(ps, 6, key.id());
                ps.setLong(7, key.version());
                if (ps.executeUpdate() == 0) {
                    throw key(key.id()).isEmpty()
                            ? CastellanException.notFound("The KMS key " + key.id() + " does not exist.")
                            : new CastellanException(ErrorCode.CONCURRENT_MODIFICATION,
                                    "The KMS key " + key.id() + " was changed by another request; retry.");
                }
            } catch (SQLException e) {
                throw StoreErrors.of("update the KMS key", e);
            }
            wtx.append(event);
            return new KmsKey(key.id(), key.spec(), key.usage(), key.description(), key.keyRef(), key.state(),
                    key.createdAt(), key.deletionDate(), key.pendingWindowInDays(), next);
        }

        @Override
        public void insert(KmsAlias alias, AuditEvent event) {
            String sql = "INSERT INTO kms_alias (" + ALIAS_COLUMNS + ") VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (name) DO NOTHING";
            try (PreparedStatement ps = tx.prepare(sql)) {
                ps.setString(1, alias.name());
                tx.dialect.bindUuid(ps, 2, alias.targetKeyId());
                Columns.setInstant(ps, 3, alias.createdAt());
                Columns.setInstant(ps, 4, alias.lastUpdatedAt());
                if (ps.executeUpdate() == 0) {
                    throw new CastellanException(ErrorCode.ALREADY_EXISTS,
                            "An alias with the name " + alias.name() + " already exists.");
                }
            } catch (SQLException e) {
                throw StoreErrors.of("create the KMS alias", e);
            }
            wtx.append(event);
        }

        @Override
        public boolean deleteAlias(String name, AuditEvent event) {
            try (PreparedStatement ps = tx.prepare("DELETE FROM kms_alias WHERE name = ?")) {
                ps.setString(1, name);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            } catch (SQLException e) {
                throw StoreErrors.of("delete the KMS alias", e);
            }
            wtx.append(event);
            return true;
        }

        @Override
        public boolean delete(UUID id, AuditEvent event) {
            wtx.changing(cache);
            try (PreparedStatement aliases = tx.prepare("DELETE FROM kms_alias WHERE target_key_id = ?");
                    PreparedStatement key = tx.prepare("DELETE FROM kms_key WHERE id = ?")) {
                tx.dialect.bindUuid(aliases, 1, id);
                aliases.executeUpdate();
                tx.dialect.bindUuid(key, 1, id);
                if (key.executeUpdate() == 0) {
                    return false;
                }
            } catch (SQLException e) {
                throw StoreErrors.of("delete the KMS key", e);
            }
            wtx.append(event);
            return true;
        }

        @Override
        public void record(AuditEvent event) {
            wtx.append(event);
        }

        private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
            if (value == null) {
                ps.setNull(index, Types.INTEGER);
            } else {
                ps.setInt(index, value);
            }
        }
    }
}
