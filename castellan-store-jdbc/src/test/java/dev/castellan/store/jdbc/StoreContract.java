package dev.castellan.store.jdbc;

import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.core.model.Serial;

import static dev.castellan.store.jdbc.CaFixtures.T0;
import static dev.castellan.store.jdbc.CaFixtures.everyField;
import static dev.castellan.store.jdbc.CaFixtures.minimal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.Tag;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.store.ReadTransaction.IdempotencyRecord;
import dev.castellan.authority.store.ReadTransaction.ListCursor;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.SealedKeyStore.SealedKey;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.KeyAlgorithm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link JdbcStore} must do, whatever the database. Each subclass supplies an empty database of its
 * kind; every test opens the store on it (running the migrations) and closes it afterwards.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class StoreContract {
    /** The JDBC URL of an empty database that no other test uses. */
    abstract String freshUrl() throws Exception;

    abstract String user();

    String url;
    JdbcStore store;

    @BeforeEach
    final void openStore() throws Exception {
        url = freshUrl();
        store = JdbcStore.open(url, user(), null);
    }

    @AfterEach
    final void closeStore() {
        store.close();
    }

    /** A connection of its own to the same database, for looking at rows no port method returns. */
    final Connection raw() throws SQLException {
        return DriverManager.getConnection(url, user(), null);
    }

    final void write(Consumer<WriteTransaction> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    final CertificateAuthority stored(UUID id) {
        return find(id).orElseThrow();
    }

    final Optional<CertificateAuthority> find(UUID id) {
        return store.read(tx -> tx.certificateAuthority(id));
    }

    final List<CertificateAuthority> page(ListCursor after, int limit) {
        return store.read(tx -> tx.certificateAuthorities(after, limit));
    }

    final Optional<IdempotencyRecord> idempotency(String scope, String token, Instant notBefore) {
        return store.read(tx -> tx.idempotency(scope, token, notBefore));
    }

    final Optional<AccessKey> accessKey(String id) {
        return store.read(tx -> tx.accessKey(id));
    }

    final boolean anyAccessKey() {
        return store.read(tx -> tx.anyAccessKey());
    }

    final long count(String table) throws SQLException {
        try (Connection c = raw(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ----- certificate authorities

    @Test
    void writeIntent_returned_isSeenByEveryLaterTransaction() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);

        UUID returned = store.writeIntent(tx -> {
            tx.insert(ca);
            return ca.id();
        });

        assertThat(returned).isEqualTo(ca.id());
        assertThat(find(ca.id())).contains(ca);
        Optional<CertificateAuthority> inAWrite = store.write(tx -> tx.certificateAuthority(ca.id()));
        assertThat(inAWrite).contains(ca);
    }

    @Test
    void writeIntent_callbackThrows_rollsBackAndPropagates() {
        UUID id = UUID.randomUUID();

        assertThatThrownBy(() -> store.writeIntent(tx -> {
            tx.insert(minimal(id, T0));
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class).hasMessage("refused");

        assertThat(find(id)).isEmpty();
    }

    @Test
    void writeIntent_concurrentWithDurableWrites_eachCallerGetsItsOwnOutcome() throws Exception {
        // Intents and durable writes from 16 threads at once: the writer commits them in separate transactions, and
        // every caller must still see exactly its own result, with all of them stored.
        List<UUID> ids = new ArrayList<>();
        List<java.util.concurrent.Future<UUID>> futures = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 400; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                boolean intent = i % 2 == 0;
                futures.add(pool.submit(() -> {
                    java.util.function.Function<WriteTransaction, UUID> work = tx -> {
                        tx.insert(minimal(id, T0));
                        return id;
                    };
                    return intent ? store.writeIntent(work) : store.write(work);
                }));
            }
            for (int i = 0; i < ids.size(); i++) {
                assertThat(futures.get(i).get(1, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(ids.get(i));
            }
        }
        for (UUID id : ids) {
            assertThat(find(id)).isPresent();
        }
    }

    @Test
    void writeLater_completesWithTheResult_onceCommitted() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);

        java.util.concurrent.CompletableFuture<UUID> later = store.writeLater(tx -> {
            tx.insert(ca);
            return ca.id();
        });

        assertThat(later.join()).isEqualTo(ca.id());
        assertThat(find(ca.id())).contains(ca);
    }

    @Test
    void writeLater_callbackThrows_failsTheFutureAndRollsBack() {
        UUID id = UUID.randomUUID();

        java.util.concurrent.CompletableFuture<Object> later = store.writeLater(tx -> {
            tx.insert(minimal(id, T0));
            throw new IllegalStateException("refused");
        });

        assertThatThrownBy(later::join).hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("refused");
        assertThat(find(id)).isEmpty();
    }

    @Test
    void writeLater_manyConcurrentWithSleepingWriters_eachGetsItsOwnOutcome() throws Exception {
        // Answered-later and sleeping durable writes from 16 threads, every fifth one failing: the writer batches
        // them together, and each must still get exactly its own result or failure, with only the good ones stored.
        List<UUID> ids = new ArrayList<>();
        List<java.util.concurrent.CompletableFuture<UUID>> outcomes = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            List<java.util.concurrent.Future<java.util.concurrent.CompletableFuture<UUID>>> submitted = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                boolean fails = i % 5 == 0;
                boolean later = i % 2 == 0;
                java.util.function.Function<WriteTransaction, UUID> work = tx -> {
                    tx.insert(minimal(id, T0));
                    if (fails) {
                        throw new IllegalStateException("refused " + id);
                    }
                    return id;
                };
                submitted.add(pool.submit(() -> {
                    if (later) {
                        return store.writeLater(work);
                    }
                    try {
                        return java.util.concurrent.CompletableFuture.completedFuture(store.write(work));
                    } catch (RuntimeException e) {
                        return java.util.concurrent.CompletableFuture.failedFuture(e);
                    }
                }));
            }
            for (var f : submitted) {
                outcomes.add(f.get());
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            if (i % 5 == 0) {
                assertThatThrownBy(outcomes.get(i)::join).hasRootCauseMessage("refused " + id);
                assertThat(find(id)).isEmpty();
            } else {
                assertThat(outcomes.get(i).join()).isEqualTo(id);
                assertThat(find(id)).isPresent();
            }
        }
    }

    @Test
    void insert_everyFieldSet_readsBackEqual() {
        CertificateAuthority ca = everyField(UUID.randomUUID());
        write(tx -> tx.insert(ca));

        CertificateAuthority read = stored(ca.id());
        assertThat(read).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(ca);
        assertThat(read.configuration()).isEqualTo(ca.configuration());
        assertThat(read.revocation()).isEqualTo(ca.revocation());
    }

    @Test
    void insert_optionalFieldsNull_readsBackNull() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));

        CertificateAuthority read = stored(ca.id());
        assertThat(read).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(ca);
        assertThat(read.csrDer()).isNull();
        assertThat(read.usageMode()).isNull();
        assertThat(read.configuration().csrExtensions()).isNull();
        assertThat(read.tags()).isEmpty();
    }

    @Test
    void insert_subMillisecondInstants_readBackTruncatedToMillis() {
        Instant precise = T0.plusNanos(456_789);
        CertificateAuthority ca = minimal(UUID.randomUUID(), precise).toBuilder().notAfter(precise).build();
        write(tx -> tx.insert(ca));

        CertificateAuthority read = stored(ca.id());
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.notAfter()).isEqualTo(T0);
    }

    @Test
    void certificateAuthority_unknownId_isEmpty() {
        assertThat(find(UUID.randomUUID())).isEmpty();
    }

    @Test
    void insert_tagsInGivenOrder_readBackInThatOrder() {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tags.add(new Tag("key-" + ((i * 37) % 50), i % 3 == 0 ? "" : "value " + i));
        }
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0).toBuilder().tags(tags).build();
        write(tx -> tx.insert(ca));

        assertThat(stored(ca.id()).tags()).containsExactlyElementsOf(tags);
    }

    @Test
    void insert_duplicateId_failsInternalWithoutSqlInMessage() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));

        assertThatThrownBy(() -> write(tx -> tx.insert(ca)))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
                    assertThat(e.getMessage()).doesNotContainIgnoringCase("insert")
                            .doesNotContain("certificate_authority").doesNotContainIgnoringCase("sql");
                    assertThat(e.getCause()).isInstanceOf(SQLException.class);
                });
    }

    @Test
    void update_currentVersion_storesNextVersionAndReplacesTags() {
        CertificateAuthority ca = everyField(UUID.randomUUID());
        write(tx -> tx.insert(ca));
        CertificateAuthority changed = ca.toBuilder().status(CaStatus.ACTIVE)
                .statusBeforeDeletion(null).restorableUntil(null).certificateDer(new byte[] {1, 2, 3})
                .tags(List.of(new Tag("only", "one"))).build();

        CertificateAuthority returned = store.write(tx -> tx.update(changed));

        assertThat(returned.version()).isEqualTo(ca.version() + 1);
        assertThat(stored(ca.id())).usingRecursiveComparison().withStrictTypeChecking().isEqualTo(returned);
    }

    @Test
    void update_staleVersion_failsConcurrentModificationAndKeepsRow() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        write(tx -> tx.update(ca.toBuilder().keyStorageSecurityStandard("first").build()));

        assertThatThrownBy(() -> write(tx -> tx.update(ca.toBuilder().keyStorageSecurityStandard("stale").build())))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        CertificateAuthority read = stored(ca.id());
        assertThat(read.version()).isEqualTo(1);
        assertThat(read.keyStorageSecurityStandard()).isEqualTo("first");
    }

    @Test
    void update_unknownCa_failsNotFound() {
        assertThatThrownBy(() -> write(tx -> tx.update(minimal(UUID.randomUUID(), T0))))
                .isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    // ----- transactions

    @Test
    void write_exceptionAfterInsert_rollsBackAndRethrowsTheSameException() {
        CertificateAuthority ca = everyField(UUID.randomUUID());
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> write(tx -> {
            tx.insert(ca);
            tx.remember(new IdempotencyRecord("scope", "token", "hash", ca.id().toString(), T0));
            throw boom;
        })).isSameAs(boom);

        assertThat(find(ca.id())).isEmpty();
        assertThat(idempotency("scope", "token", Instant.EPOCH)).isEmpty();
    }

    @Test
    void write_exceptionAfterAppend_leavesNoAuditEvent() throws SQLException {
        assertThatThrownBy(() -> write(tx -> {
            tx.append(new AuditEvent(T0, "alice", "CreateCertificateAuthority", "arn", AuditEvent.Outcome.SUCCESS, ""));
            throw new CastellanException(ErrorCode.INVALID_STATE, "changed my mind");
        })).isInstanceOf(CastellanException.class);

        assertThat(count("audit_event")).isZero();
    }

    @Test
    void write_transactionUsedAfterCallback_failsIllegalState() {
        var escaped = store.write(tx -> tx);

        assertThatThrownBy(() -> escaped.insert(minimal(UUID.randomUUID(), T0)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void read_whileWriteTransactionOpen_seesLastCommitWithoutWaiting() throws Exception {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        try (Concurrently concurrently = new Concurrently()) {
            var writer = concurrently.holdWriteTransaction(store, tx -> tx.update(ca));
            CertificateAuthority seen = concurrently.within(Duration.ofSeconds(5), () -> stored(ca.id()));
            writer.release();

            assertThat(seen.version()).isZero();
            assertThat(writer.result().version()).isEqualTo(1);
        }
    }

    @Test
    void update_racingWriterCommittedFirst_failsConcurrentModification() throws Exception {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        try (Concurrently concurrently = new Concurrently()) {
            var first = concurrently.holdWriteTransaction(store,
                    tx -> tx.update(ca.toBuilder().tags(List.of(new Tag("won", "first"))).build()));
            var second = concurrently.start(() -> store.write(
                    tx -> tx.update(ca.toBuilder().tags(List.of(new Tag("won", "second"))).build())));
            first.release();

            assertThat(first.result().version()).isEqualTo(1);
            assertThat(Concurrently.failure(second)).isInstanceOfSatisfying(CastellanException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        }
        assertThat(stored(ca.id()).tags()).containsExactly(new Tag("won", "first"));
    }

    @Test
    void update_eightConcurrentWriters_finalVersionEqualsSuccesses() throws Exception {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));

        Concurrently.Tally tally = Concurrently.race(8, 10, writer -> {
            CertificateAuthority seen = stored(ca.id());
            store.write(tx -> tx.update(seen.toBuilder().tags(List.of(new Tag("writer", writer))).build()));
        });

        assertThat(tally.successes() + tally.conflicts()).isEqualTo(80);
        assertThat(tally.successes()).isPositive();
        assertThat(stored(ca.id()).version()).isEqualTo(tally.successes());
    }

    // ----- the CA cache: a CA read again is the committed one

    @Test
    void certificateAuthority_readAgainAfterEachUpdate_isTheNewestCommittedVersion() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        CertificateAuthority seen = stored(ca.id());
        for (int i = 0; i < 3; i++) {
            CertificateAuthority current = seen;
            String value = "v" + i;
            write(tx -> tx.update(current.toBuilder().tags(List.of(new Tag("round", value))).build()));
            seen = stored(ca.id());
            assertThat(seen.tags()).containsExactly(new Tag("round", value));
            assertThat(seen.version()).isEqualTo(i + 1);
            assertThat(stored(ca.id())).isEqualTo(seen);
        }
    }

    @Test
    void certificateAuthority_readInsideAWriteThatRollsBack_isNeverServedLater() {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        CertificateAuthority original = stored(ca.id());
        assertThatThrownBy(() -> store.write(tx -> {
            tx.update(original.toBuilder().tags(List.of(new Tag("rolled", "back"))).build());
            assertThat(tx.certificateAuthority(ca.id()).orElseThrow().tags()).containsExactly(new Tag("rolled", "back"));
            throw new IllegalStateException("roll back");
        })).hasMessage("roll back");

        assertThat(stored(ca.id()).tags()).isEmpty();
        // Another change committed at the same version the rolled-back one had must be what is read.
        write(tx -> tx.update(original.toBuilder().tags(List.of(new Tag("committed", "yes"))).build()));
        assertThat(stored(ca.id()).tags()).containsExactly(new Tag("committed", "yes"));
        assertThat(stored(ca.id()).version()).isEqualTo(1);
    }

    // ----- listing

    @Test
    void certificateAuthorities_pagedWithCursor_returnsAllByCreationThenIdExactlyOnce() {
        List<CertificateAuthority> cas = new ArrayList<>();
        for (Instant createdAt : List.of(T0.plusSeconds(5), T0, T0.plusMillis(1), T0.minusSeconds(1), T0,
                T0.plusMillis(1), T0.plusMillis(1))) {
            cas.add(minimal(UUID.randomUUID(), createdAt));
        }
        write(tx -> cas.forEach(tx::insert));
        List<UUID> expected = cas.stream()
                .sorted(Comparator.comparing(CertificateAuthority::createdAt).thenComparing(ca -> ca.id().toString()))
                .map(CertificateAuthority::id).toList();

        List<UUID> seen = new ArrayList<>();
        ListCursor cursor = null;
        for (int page = 0; page < 4; page++) {
            ListCursor after = cursor;
            List<CertificateAuthority> rows = page(after, 3);
            rows.forEach(ca -> seen.add(ca.id()));
            if (rows.isEmpty()) {
                break;
            }
            CertificateAuthority last = rows.getLast();
            cursor = new ListCursor(last.createdAt(), last.id());
        }

        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void certificateAuthorities_cursorBetweenTies_startsStrictlyAfterIt() {
        List<CertificateAuthority> tied = List.of(minimal(UUID.randomUUID(), T0), minimal(UUID.randomUUID(), T0));
        write(tx -> tied.forEach(tx::insert));
        ListCursor beforeBoth = new ListCursor(T0, new UUID(0, 0));
        ListCursor afterBoth = new ListCursor(T0, UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"));

        assertThat(page(beforeBoth, 10)).hasSize(2);
        assertThat(page(afterBoth, 10)).isEmpty();
        assertThat(page(null, 0)).isEmpty();
    }

    // ----- idempotency, access keys, audit, sealed keys

    @Test
    void idempotency_notBeforeWindow_returnsRecordOnlyIfCreatedAtOrAfterIt() {
        IdempotencyRecord record = new IdempotencyRecord("CreateCertificateAuthority", "tok", "h1", "r1", T0);
        write(tx -> tx.remember(record));

        assertThat(idempotency("CreateCertificateAuthority", "tok", T0.minusMillis(1)))
                .contains(record);
        assertThat(idempotency("CreateCertificateAuthority", "tok", T0)).contains(record);
        assertThat(idempotency("CreateCertificateAuthority", "tok", T0.plusMillis(1))).isEmpty();
        assertThat(idempotency("OtherScope", "tok", Instant.EPOCH)).isEmpty();
    }

    @Test
    void remember_sameScopeAndToken_replacesTheExpiredRecord() {
        write(tx -> tx.remember(new IdempotencyRecord("S", "tok", "h1", "r1", T0)));
        IdempotencyRecord later = new IdempotencyRecord("S", "tok", "h2", "r2", T0.plus(Duration.ofMinutes(10)));
        write(tx -> tx.remember(later));

        assertThat(idempotency("S", "tok", Instant.EPOCH)).contains(later);
    }

    @Test
    void remember_afterOwnLookupFoundOnlyAnExpiredRecord_replacesIt() {
        write(tx -> tx.remember(new IdempotencyRecord("S", "tok", "h1", "r1", T0)));
        Instant now = T0.plus(Duration.ofMinutes(10));
        IdempotencyRecord fresh = new IdempotencyRecord("S", "tok", "h2", "r2", now);

        write(tx -> {
            assertThat(tx.idempotency("S", "tok", now.minus(Duration.ofMinutes(5)))).isEmpty();
            tx.remember(fresh);
        });

        assertThat(idempotency("S", "tok", Instant.EPOCH)).contains(fresh);
    }

    @Test
    void remember_afterOwnMissWhileAnotherRequestCommittedTheToken_neverOverwritesIt() throws Exception {
        IdempotencyRecord first = new IdempotencyRecord("S", "tok", "h", "first", T0);
        IdempotencyRecord second = new IdempotencyRecord("S", "tok", "h", "second", T0.plusMillis(3));
        Instant notBefore = T0.minus(Duration.ofMinutes(5));
        try (Concurrently concurrently = new Concurrently()) {
            var winner = concurrently.holdWriteTransaction(store, tx -> {
                tx.remember(first);
                return first;
            });
            // Like CaLifecycle.create: look the token up, and remember it only if nothing live is stored.
            var loser = concurrently.start(() -> store.write(tx -> tx.idempotency("S", "tok", notBefore)
                    .orElseGet(() -> {
                        tx.remember(second);
                        return second;
                    })));
            winner.release();

            assertThat(winner.result()).isEqualTo(first);
            try {
                // SQLite serializes the writers, so the second one sees the first record ...
                assertThat(loser.get(60, TimeUnit.SECONDS)).isEqualTo(first);
            } catch (ExecutionException e) {
                // ... PostgreSQL may let both miss at READ COMMITTED; then the second one must fail, not overwrite.
                assertThat(e.getCause()).isInstanceOfSatisfying(CastellanException.class,
                        f -> assertThat(f.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
            }
        }
        assertThat(idempotency("S", "tok", notBefore)).contains(first);
    }

    @Test
    void accessKey_inserted_readsBackAndMakesAnyAccessKeyTrue() {
        assertThat(anyAccessKey()).isFalse();
        AccessKey key = new AccessKey("CASTABCDEFGHIJKLMNOP", "administrator", Principal.Role.ADMINISTRATOR,
                CaFixtures.everyByte(1), T0);
        write(tx -> tx.insert(key));

        assertThat(anyAccessKey()).isTrue();
        assertThat(accessKey(key.accessKeyId())).get()
                .usingRecursiveComparison().withStrictTypeChecking().isEqualTo(key);
        assertThat(accessKey("CASTUNKNOWN")).isEmpty();
    }

    @Test
    void administratorAccessKeyId_severalKeys_isTheOldest() {
        Optional<String> none = store.read(tx -> tx.administratorAccessKeyId());
        assertThat(none).isEmpty();
        write(tx -> tx.insert(new AccessKey("CASTNEWER", "administrator", Principal.Role.ADMINISTRATOR,
                CaFixtures.everyByte(1), T0.plusSeconds(60))));
        write(tx -> tx.insert(new AccessKey("CASTOLDER", "administrator", Principal.Role.ADMINISTRATOR,
                CaFixtures.everyByte(1), T0)));
        Optional<String> oldest = store.read(tx -> tx.administratorAccessKeyId());
        assertThat(oldest).contains("CASTOLDER");
    }

    @Test
    void append_auditEvents_storedInOrderWithEveryField() throws SQLException {
        AuditEvent first = new AuditEvent(T0, "alice", "CreateCertificateAuthority", "arn:1",
                AuditEvent.Outcome.SUCCESS, "RSA_2048 key software:1");
        AuditEvent second = new AuditEvent(T0.plusMillis(7), "bob", "DeleteCertificateAuthority", "arn:2",
                AuditEvent.Outcome.FAILURE, null);
        write(tx -> {
            tx.append(first);
            tx.append(second);
        });

        List<AuditEvent> rows = new ArrayList<>();
        try (Connection c = raw(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT at, principal, action, resource, outcome, detail FROM audit_event ORDER BY id")) {
            while (rs.next()) {
                rows.add(new AuditEvent(Instant.ofEpochMilli(rs.getLong("at")), rs.getString("principal"),
                        rs.getString("action"), rs.getString("resource"),
                        AuditEvent.Outcome.valueOf(rs.getString("outcome")), rs.getString("detail")));
            }
        }
        assertThat(rows).containsExactly(first, second);
    }

    @Test
    void sealedKey_saved_loadsBackAndUnknownIdIsEmpty() {
        SealedKey key = new SealedKey("k-1", KeyAlgorithm.ML_DSA_65, CaFixtures.everyByte(2), CaFixtures.everyByte(4));
        store.save(key);

        assertThat(store.load("k-1")).get().usingRecursiveComparison().withStrictTypeChecking().isEqualTo(key);
        assertThat(store.load("k-2")).isEmpty();
    }

    @Test
    void sealedKey_deleted_isGoneAndDeletingAgainChangesNothing() {
        store.save(new SealedKey("k-gone", KeyAlgorithm.EC_prime256v1, new byte[] {1}, new byte[] {2}));
        store.save(new SealedKey("k-kept", KeyAlgorithm.EC_prime256v1, new byte[] {3}, new byte[] {4}));

        store.delete("k-gone");
        store.delete("k-gone");

        assertThat(store.load("k-gone")).isEmpty();
        assertThat(store.load("k-kept")).isPresent();
    }

    @Test
    void sealedKey_savedTwiceUnderOneId_failsAndKeepsTheFirst() {
        SealedKey key = new SealedKey("k-1", KeyAlgorithm.RSA_4096, new byte[] {1}, new byte[] {2});
        store.save(key);

        assertThatThrownBy(() -> store.save(new SealedKey("k-1", KeyAlgorithm.EC_secp384r1, new byte[] {3},
                new byte[] {4}))).isInstanceOfSatisfying(CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
        assertThat(store.load("k-1")).get().usingRecursiveComparison().isEqualTo(key);
    }

    // ----- durability and schema

    @Test
    void store_closedAndReopened_keepsEverything() throws SQLException {
        CertificateAuthority ca = everyField(UUID.randomUUID());
        IdempotencyRecord record = new IdempotencyRecord("S", "tok", "h", ca.id().toString(), T0);
        write(tx -> {
            tx.insert(ca);
            tx.remember(record);
            tx.insert(new AccessKey("CASTKEY", "admin", Principal.Role.ADMINISTRATOR, new byte[] {9}, T0));
            tx.append(new AuditEvent(T0, "alice", "X", "Y", AuditEvent.Outcome.SUCCESS, "z"));
        });
        store.save(new SealedKey("k-1", KeyAlgorithm.ML_DSA_87, new byte[] {1}, new byte[] {2}));

        store.close();
        store = JdbcStore.open(url, user(), null);

        assertThat(stored(ca.id())).usingRecursiveComparison().isEqualTo(ca);
        assertThat(idempotency("S", "tok", T0)).contains(record);
        assertThat(accessKey("CASTKEY")).isPresent();
        assertThat(store.load("k-1")).isPresent();
        assertThat(count("audit_event")).isEqualTo(1);
    }

    @Test
    void certificateTable_constraints_rejectDuplicateAndNonCanonicalSerialsAndIssuedWithoutDer() throws SQLException {
        CertificateAuthority ca = minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        CertificateRows rows = new CertificateRows(Dialect.of(url), ca.id());
        try (Connection c = raw()) {
            rows.insert(c, "8f3a", "PENDING", null, null);
            rows.insert(c, "8f3b", "ISSUED", new byte[] {0x30}, null);

            for (String serial : List.of("8f3a", "8F3C", "08f3c", "xyz", "", "1".repeat(41))) {
                assertThatThrownBy(() -> rows.insert(c, serial, "PENDING", null, null)).as(serial)
                        .isInstanceOf(SQLException.class);
            }
            assertThatThrownBy(() -> rows.insert(c, "8f3d", "ISSUED", null, null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows.insert(c, "8f3e", "REVOKED", new byte[] {1}, null))
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> rows.insert(c, "8f3f", "PENDING", null, T0)).isInstanceOf(SQLException.class);
        }
        assertThat(count("certificate")).isEqualTo(2);
    }

    // ----- issued certificates (port methods)

    @Test
    void certificate_pendingThenIssued_readsBackEachState() {
        UUID ca = UUID.randomUUID();
        write(tx -> tx.insert(CaFixtures.minimal(ca, CaFixtures.T0)));
        Serial serial = Serial.parseHex("8a1b2c3d4e5f60718293a4b5c6d7e8f9");
        write(tx -> tx.insert(IssuedCertificate.pending(ca, serial, CaFixtures.T0, CaFixtures.T0.plusSeconds(86400),
                CaFixtures.T0, "arn:aws:acm-pca:::template/EndEntityCertificate/V1")));
        IssuedCertificate pending = store.read(tx -> tx.certificate(ca, serial)).orElseThrow();
        assertThat(pending.status()).isEqualTo(IssuedCertificate.Status.PENDING);
        assertThat(pending.der()).isNull();
        assertThat(pending.createdAt()).isEqualTo(CaFixtures.T0);

        write(tx -> tx.markIssued(ca, serial, new byte[] {0x30, 0x03, 1, 2, 3}, CaFixtures.T0.plusSeconds(1)));
        IssuedCertificate issued = store.read(tx -> tx.certificate(ca, serial)).orElseThrow();
        assertThat(issued.status()).isEqualTo(IssuedCertificate.Status.ISSUED);
        assertThat(issued.der()).containsExactly(0x30, 0x03, 1, 2, 3);
        assertThat(issued.issuedAt()).isEqualTo(CaFixtures.T0.plusSeconds(1));
        assertThat(issued.templateArn()).endsWith("EndEntityCertificate/V1");
        Optional<IssuedCertificate> none = store.read(tx -> tx.certificate(ca, Serial.parseHex("1234")));
        assertThat(none).isEmpty();
    }

    @Test
    void certificate_sameSerialTwice_failsAndMarkIssuedTwiceFails() {
        UUID ca = UUID.randomUUID();
        write(tx -> tx.insert(CaFixtures.minimal(ca, CaFixtures.T0)));
        Serial serial = Serial.parseHex("ff00");
        IssuedCertificate pending = IssuedCertificate.pending(ca, serial, CaFixtures.T0, CaFixtures.T0.plusSeconds(60),
                CaFixtures.T0, "t");
        write(tx -> tx.insert(pending));
        assertThatThrownBy(() -> write(tx -> tx.insert(pending))).isInstanceOf(CastellanException.class);
        write(tx -> tx.markIssued(ca, serial, new byte[] {1}, CaFixtures.T0));
        assertThatThrownBy(() -> write(tx -> tx.markIssued(ca, serial, new byte[] {2}, CaFixtures.T0)))
                .isInstanceOf(CastellanException.class);
        assertThat(store.read(tx -> tx.certificate(ca, serial)).orElseThrow().der()).containsExactly(1);
    }
}
