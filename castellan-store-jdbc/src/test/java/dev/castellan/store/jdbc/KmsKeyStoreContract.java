package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the key service's store must do on every database: each subclass supplies an empty database of its kind,
 * and every test opens a {@link JdbcStore} on it (running the migrations) and uses its {@link JdbcStore#kmsKeys()}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class KmsKeyStoreContract {
    static final Instant T0 = Instant.parse("2026-11-28T10:15:30.123Z");

    abstract String freshUrl() throws Exception;

    abstract String user();

    String url;
    JdbcStore store;
    KmsKeyStore kms;

    @BeforeEach
    final void openStore() throws Exception {
        url = freshUrl();
        store = JdbcStore.open(url, user(), null);
        kms = store.kmsKeys();
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    static KmsKey key(UUID id, KeySpec spec) {
        return new KmsKey(id, spec, KeyUsage.SIGN_VERIFY, "a key for " + spec, new KeyRef("software:" + UUID.randomUUID()),
                KeyState.Enabled, T0, null, null, 0);
    }

    static AuditEvent event(String action, String detail) {
        return new AuditEvent(T0, "tester/AKIA", action, "arn:aws:kms:us-east-1:111122223333:key/x",
                AuditEvent.Outcome.SUCCESS, detail);
    }

    final void insert(KmsKey key) {
        kms.write(tx -> {
            tx.insert(key, event("kms:CreateKey", key.id().toString()));
            return null;
        });
    }

    final KmsKey stored(UUID id) {
        return find(id).orElseThrow();
    }

    final Optional<KmsKey> find(UUID id) {
        return kms.read(tx -> tx.key(id));
    }

    final Optional<KmsAlias> alias(String name) {
        return kms.read(tx -> tx.alias(name));
    }

    final boolean deleteAlias(String name, String detail) {
        return kms.write(tx -> tx.deleteAlias(name, event("kms:DeleteAlias", detail)));
    }

    final List<String> auditDetails() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user(), null); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT action, detail FROM audit_event ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void insert_key_readsBackEqualWithItsAuditEvent() throws SQLException {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ML_DSA_65);
        insert(key);

        assertThat(stored(key.id())).isEqualTo(key);
        assertThat(auditDetails()).containsExactly("kms:CreateKey " + key.id());
    }

    @Test
    void key_unknownId_isEmpty() {
        assertThat(find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void update_pendingDeletionThenBack_storesEveryFieldAndNextVersion() {
        KmsKey key = key(UUID.randomUUID(), KeySpec.RSA_2048);
        insert(key);
        Instant deletion = T0.plusSeconds(7 * 86_400);

        KmsKey pending = kms.write(tx -> tx.update(key.pendingDeletion(deletion, 7), event("kms:ScheduleKeyDeletion", "")));
        assertThat(stored(key.id())).isEqualTo(pending);
        assertThat(pending.version()).isEqualTo(1);
        assertThat(pending.deletionDate()).isEqualTo(deletion);
        assertThat(pending.pendingWindowInDays()).isEqualTo(7);

        KmsKey disabled = kms.write(tx -> tx.update(pending.withState(KeyState.Disabled), event("kms:Cancel", "")));
        assertThat(stored(key.id())).isEqualTo(disabled);
        assertThat(disabled.deletionDate()).isNull();
        assertThat(disabled.version()).isEqualTo(2);
    }

    @Test
    void key_readAgainAfterRollbackAndAfterAChange_isTheNewestCommitted() {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        insert(key);
        assertThat(stored(key.id())).isEqualTo(key);
        // A change read inside its own write, then rolled back, must never be served later.
        assertThatThrownBy(() -> kms.write(tx -> {
            tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", ""));
            assertThat(tx.key(key.id()).orElseThrow().state()).isEqualTo(KeyState.Disabled);
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");
        assertThat(stored(key.id()).state()).isEqualTo(KeyState.Enabled);
        // A change committed after it is read fresh, inside a write too.
        kms.write(tx -> {
            tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", ""));
            return null;
        });
        assertThat(stored(key.id()).state()).isEqualTo(KeyState.Disabled);
        assertThat(kms.write(tx -> tx.key(key.id())).orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void update_staleVersion_failsConcurrentModificationWithoutAuditEvent() throws SQLException {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        insert(key);
        kms.write(tx -> tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", "won")));

        assertThatThrownBy(() -> kms.write(tx -> tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", "lost"))))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        assertThat(auditDetails()).containsExactly("kms:CreateKey " + key.id(), "kms:DisableKey won");
    }

    @Test
    void update_unknownKey_failsNotFound() {
        KmsKey ghost = key(UUID.randomUUID(), KeySpec.ECC_NIST_P384);
        assertThatThrownBy(() -> kms.write(tx -> tx.update(ghost, event("kms:EnableKey", ""))))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void write_exceptionAfterChange_rollsBackKeyAndAuditTogether() throws SQLException {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ML_DSA_44);
        assertThatThrownBy(() -> kms.write(tx -> {
            tx.insert(key, event("kms:CreateKey", "rolled back"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(find(key.id())).isEmpty();
        assertThat(auditDetails()).isEmpty();
    }

    @Test
    void keys_pagedAfterLastId_returnsAllInIdOrderExactlyOnce() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            KmsKey k = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
            insert(k);
            ids.add(k.id());
        }
        List<UUID> seen = new ArrayList<>();
        UUID after = null;
        while (true) {
            UUID cursor = after;
            List<KmsKey> page = kms.read(tx -> tx.keys(cursor, 3));
            page.forEach(k -> seen.add(k.id()));
            if (page.size() < 3) {
                break;
            }
            after = page.getLast().id();
        }
        ids.sort(Comparator.comparing(UUID::toString));
        assertThat(seen).containsExactlyElementsOf(ids);
    }

    @Test
    void insertAlias_thenRead_andListedByNameOverallAndPerKey() {
        KmsKey a = key(UUID.randomUUID(), KeySpec.RSA_3072);
        KmsKey b = key(UUID.randomUUID(), KeySpec.ML_DSA_87);
        insert(a);
        insert(b);
        kms.write(tx -> {
            tx.insert(new KmsAlias("alias/zeta", a.id(), T0, T0), event("kms:CreateAlias", "zeta"));
            tx.insert(new KmsAlias("alias/Alpha", b.id(), T0, T0), event("kms:CreateAlias", "Alpha"));
            tx.insert(new KmsAlias("alias/beta", a.id(), T0, T0.plusMillis(5)), event("kms:CreateAlias", "beta"));
            return null;
        });

        assertThat(alias("alias/beta")).contains(new KmsAlias("alias/beta", a.id(), T0, T0.plusMillis(5)));
        assertThat(alias("alias/nope")).isEmpty();
        assertThat(names(kms.read(tx -> tx.aliases(null, null, 10)))).containsExactly("alias/Alpha", "alias/beta", "alias/zeta");
        assertThat(names(kms.read(tx -> tx.aliases(null, "alias/Alpha", 1)))).containsExactly("alias/beta");
        assertThat(names(kms.read(tx -> tx.aliases(a.id(), null, 10)))).containsExactly("alias/beta", "alias/zeta");
        assertThat(names(kms.read(tx -> tx.aliases(a.id(), "alias/beta", 10)))).containsExactly("alias/zeta");
    }

    @Test
    void insertAlias_nameTaken_failsAlreadyExistsAndKeepsTheFirst() throws SQLException {
        KmsKey a = key(UUID.randomUUID(), KeySpec.ECC_NIST_P521);
        KmsKey b = key(UUID.randomUUID(), KeySpec.ECC_NIST_P521);
        insert(a);
        insert(b);
        kms.write(tx -> {
            tx.insert(new KmsAlias("alias/shared", a.id(), T0, T0), event("kms:CreateAlias", "first"));
            return null;
        });

        assertThatThrownBy(() -> kms.write(tx -> {
            tx.insert(new KmsAlias("alias/shared", b.id(), T0, T0), event("kms:CreateAlias", "second"));
            return null;
        })).isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(alias("alias/shared").orElseThrow().targetKeyId()).isEqualTo(a.id());
        assertThat(auditDetails()).doesNotContain("kms:CreateAlias second");
    }

    @Test
    void dueForDeletion_onlyPendingKeysWhoseDateIsNotLater_oldestFirst() {
        KmsKey enabled = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        KmsKey dueLater = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        KmsKey dueFirst = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        KmsKey notYet = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        for (KmsKey k : List.of(enabled, dueLater, dueFirst, notYet)) {
            insert(k);
        }
        Instant now = T0.plusSeconds(30 * 86_400);
        kms.write(tx -> {
            tx.update(dueLater.pendingDeletion(now, 7), event("kms:ScheduleKeyDeletion", "at now"));
            tx.update(dueFirst.pendingDeletion(now.minusSeconds(60), 7), event("kms:ScheduleKeyDeletion", "before"));
            tx.update(notYet.pendingDeletion(now.plusMillis(1), 7), event("kms:ScheduleKeyDeletion", "after"));
            return null;
        });

        List<UUID> due = kms.read(tx -> tx.dueForDeletion(now, 10)).stream().map(KmsKey::id).toList();
        List<UUID> firstOnly = kms.read(tx -> tx.dueForDeletion(now, 1)).stream().map(KmsKey::id).toList();

        assertThat(due).containsExactly(dueFirst.id(), dueLater.id());
        assertThat(firstOnly).containsExactly(dueFirst.id());
    }

    @Test
    void delete_keyWithAliases_removesBothAndRecordsOnlyTheRealDeletion() throws SQLException {
        KmsKey gone = key(UUID.randomUUID(), KeySpec.ML_DSA_44);
        KmsKey other = key(UUID.randomUUID(), KeySpec.ML_DSA_44);
        insert(gone);
        insert(other);
        kms.write(tx -> {
            tx.insert(new KmsAlias("alias/one", gone.id(), T0, T0), event("kms:CreateAlias", "one"));
            tx.insert(new KmsAlias("alias/two", gone.id(), T0, T0), event("kms:CreateAlias", "two"));
            tx.insert(new KmsAlias("alias/other", other.id(), T0, T0), event("kms:CreateAlias", "other"));
            return null;
        });

        boolean first = kms.write(tx -> tx.delete(gone.id(), event("kms:DeleteKey", "first")));
        boolean second = kms.write(tx -> tx.delete(gone.id(), event("kms:DeleteKey", "second")));

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(find(gone.id())).isEmpty();
        assertThat(alias("alias/one")).isEmpty();
        assertThat(alias("alias/two")).isEmpty();
        assertThat(alias("alias/other")).isPresent();
        assertThat(find(other.id())).isPresent();
        assertThat(auditDetails()).contains("kms:DeleteKey first").doesNotContain("kms:DeleteKey second");
    }

    @Test
    void deleteAlias_presentThenAbsent_recordsOnlyTheRealDeletion() throws SQLException {
        KmsKey a = key(UUID.randomUUID(), KeySpec.RSA_4096);
        insert(a);
        kms.write(tx -> {
            tx.insert(new KmsAlias("alias/gone", a.id(), T0, T0), event("kms:CreateAlias", "gone"));
            return null;
        });

        assertThat(deleteAlias("alias/gone", "1")).isTrue();
        assertThat(deleteAlias("alias/gone", "2")).isFalse();
        assertThat(alias("alias/gone")).isEmpty();
        assertThat(auditDetails()).contains("kms:DeleteAlias 1").doesNotContain("kms:DeleteAlias 2");
    }

    @Test
    void record_signatureEvent_isStoredWithoutChangingTheKey() throws SQLException {
        KmsKey a = key(UUID.randomUUID(), KeySpec.ML_DSA_65);
        insert(a);
        kms.write(tx -> {
            tx.record(event("kms:Sign", "ML_DSA_SHAKE_256 RAW"));
            return null;
        });

        assertThat(stored(a.id())).isEqualTo(a);
        assertThat(auditDetails()).endsWith("kms:Sign ML_DSA_SHAKE_256 RAW");
    }

    @Test
    void store_closedAndReopened_keepsKeysAndAliases() {
        KmsKey a = key(UUID.randomUUID(), KeySpec.ML_DSA_44);
        insert(a);
        kms.write(tx -> {
            tx.insert(new KmsAlias("alias/kept", a.id(), T0, T0), event("kms:CreateAlias", "kept"));
            return null;
        });
        store.close();
        store = JdbcStore.open(url, user(), null);
        kms = store.kmsKeys();

        assertThat(stored(a.id())).isEqualTo(a);
        assertThat(alias("alias/kept")).isPresent();
    }

    private static List<String> names(List<KmsAlias> aliases) {
        return aliases.stream().map(KmsAlias::name).toList();
    }
}
