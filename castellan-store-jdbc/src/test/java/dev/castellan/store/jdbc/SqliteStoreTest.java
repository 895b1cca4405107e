package dev.castellan.store.jdbc;

import static dev.castellan.store.jdbc.CaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.CaStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** The store contract on a SQLite file, plus the SQLite settings the store relies on. */
final class SqliteStoreTest extends StoreContract {
    @TempDir
    Path folder;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + folder.resolve("castellan-" + UUID.randomUUID() + ".db");
    }

    @Override
    String user() {
        return null;
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A connection of another process's kind that gives up at once instead of waiting for a lock. */
    private Connection impatient() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(0);
        return config.createConnection(url);
    }

    @Test
    void write_manyConcurrentCallers_groupCommitKeepsEachOutcomeToItsCaller() throws Exception {
        // 64 virtual and 8 platform threads writing at once, every fifth write failing in its callback: each caller
        // must get its own result or its own exception, and exactly the successful writes must be stored.
        int callers = 72;
        int writesEach = 25;
        java.util.List<java.util.concurrent.Future<java.util.List<UUID>>> futures = new java.util.ArrayList<>();
        try (var virtual = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
                var platform = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < callers; t++) {
                int caller = t;
                java.util.concurrent.Callable<java.util.List<UUID>> work = () -> {
                    java.util.List<UUID> stored = new java.util.ArrayList<>();
                    for (int i = 0; i < writesEach; i++) {
                        UUID id = UUID.randomUUID();
                        boolean fail = (caller + i) % 5 == 0;
                        try {
                            UUID returned = store.write(tx -> {
                                tx.insert(CaFixtures.minimal(id, T0));
                                if (fail) {
                                    throw new IllegalStateException("refused " + id);
                                }
                                return id;
                            });
                            assertThat(fail).isFalse();
                            assertThat(returned).isEqualTo(id);
                            stored.add(id);
                        } catch (IllegalStateException e) {
                            assertThat(fail).isTrue();
                            assertThat(e).hasMessage("refused " + id);
                        }
                    }
                    return stored;
                };
                futures.add(caller < 64 ? virtual.submit(work) : platform.submit(work));
            }
            java.util.Set<UUID> expected = new java.util.HashSet<>();
            for (var f : futures) {
                expected.addAll(f.get(2, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertThat(expected).hasSize(callers * writesEach * 4 / 5);
            for (UUID id : expected) {
                java.util.Optional<?> found = store.read(tx -> tx.certificateAuthority(id));
                assertThat(found).isPresent();
            }
            long rows = store.read(tx -> {
                try (Statement s = ((JdbcReadTransaction) tx).connection().createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM certificate_authority")) {
                    rs.next();
                    return rs.getLong(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(rows).isEqualTo(expected.size());
        }
    }

    @Test
    void write_insideAWrite_isRefusedAndOnlyThatCallbackRollsBack() {
        UUID outer = UUID.randomUUID();
        assertThatThrownBy(() -> store.write(tx -> {
            tx.insert(CaFixtures.minimal(outer, T0));
            return store.write(inner -> {
                inner.insert(CaFixtures.minimal(UUID.randomUUID(), T0));
                return null;
            });
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot start another");
        java.util.Optional<?> found = store.read(tx -> tx.certificateAuthority(outer));
        assertThat(found).isEmpty();
    }

    @Test
    void write_afterClose_failsWithAnInternalError() {
        JdbcStore other = JdbcStore.open(freshUrl(), null, null);
        other.close();
        assertThatThrownBy(() -> other.write(tx -> {
                    tx.insert(CaFixtures.minimal(UUID.randomUUID(), T0));
                    return null;
                }))
                .isInstanceOfSatisfying(dev.castellan.core.CastellanException.class,
                        e -> assertThat(e.code()).isEqualTo(dev.castellan.core.ErrorCode.INTERNAL));
    }

    @Test
    void writeLater_answersOffTheCallersThread_andItsDependentMayWriteAgain() {
        // The future completes on the store's own answering thread, never the caller's and never the writer's: a
        // dependent there may start another write (on the writer it would wait for itself).
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Thread caller = Thread.currentThread();
        java.util.concurrent.atomic.AtomicReference<Thread> answeredOn = new java.util.concurrent.atomic.AtomicReference<>();

        // The work waits until the dependent is attached: attached to a completed future, it would run right here.
        java.util.concurrent.CountDownLatch attached = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<UUID> answered = store.writeLater(tx -> {
            try {
                attached.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            tx.insert(CaFixtures.minimal(first, T0));
            return first;
        }).thenCompose(id -> {
            answeredOn.set(Thread.currentThread());
            return store.writeLater(tx -> {
                tx.insert(CaFixtures.minimal(second, T0));
                return second;
            });
        });
        attached.countDown();
        UUID stored = answered.join();

        assertThat(stored).isEqualTo(second);
        assertThat(answeredOn.get()).isNotSameAs(caller);
        assertThat(answeredOn.get().getName()).isEqualTo("castellan-sqlite-answers");
        java.util.Optional<dev.castellan.authority.ca.CertificateAuthority> a = store.read(tx -> tx.certificateAuthority(first));
        java.util.Optional<dev.castellan.authority.ca.CertificateAuthority> b = store.read(tx -> tx.certificateAuthority(second));
        assertThat(a).isPresent();
        assertThat(b).isPresent();
    }

    @Test
    void writeLater_afterClose_failsWithAnInternalError() {
        JdbcStore other = JdbcStore.open(freshUrl(), null, null);
        other.close();
        assertThatThrownBy(() -> other.writeLater(tx -> {
                    tx.insert(CaFixtures.minimal(UUID.randomUUID(), T0));
                    return null;
                }))
                .isInstanceOf(dev.castellan.core.CastellanException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void write_sqlite_runsWalFullSyncWithForeignKeysAndBusyTimeout() {
        String settings = store.write(tx -> {
            Connection c = ((JdbcReadTransaction) tx).connection();
            try {
                return String.join(",", pragma(c, "journal_mode"), pragma(c, "synchronous"),
                        pragma(c, "foreign_keys"), pragma(c, "busy_timeout"), pragma(c, "query_only"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(settings).isEqualTo("wal,2,1,10000,0");
    }

    @Test
    void writeIntent_sqlite_commitsWithoutFsyncAndLeavesTheWriterDurable() {
        // In WAL mode synchronous=NORMAL (1) appends the commit to the log without an fsync; FULL (2) syncs it.
        String during = store.writeIntent(tx -> pragmaOf(tx, "synchronous"));
        String after = store.write(tx -> pragmaOf(tx, "synchronous"));

        assertThat(during).isEqualTo("1");
        assertThat(after).isEqualTo("2");
    }

    private static String pragmaOf(dev.castellan.authority.store.WriteTransaction tx, String name) {
        try {
            return pragma(((JdbcReadTransaction) tx).connection(), name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void read_sqlite_runsQueryOnly() {
        String queryOnly = store.read(tx -> {
            try {
                return pragma(((JdbcReadTransaction) tx).connection(), "query_only");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(queryOnly).isEqualTo("1");
    }

    @Test
    void write_afterOnlyReading_alreadyHoldsTheWriteLock() {
        store.write(tx -> {
            tx.certificateAuthority(UUID.randomUUID());
            assertThatThrownBy(() -> {
                try (Connection other = impatient(); Statement s = other.createStatement()) {
                    s.execute("BEGIN IMMEDIATE");
                }
            }).isInstanceOf(SQLException.class).hasMessageContaining("SQLITE_BUSY");
            return null;
        });
    }

    @Test
    void write_afterCommit_releasesTheWriteLock() throws SQLException {
        write(tx -> tx.insert(CaFixtures.minimal(UUID.randomUUID(), T0)));

        try (Connection other = impatient(); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        }
    }

    @Test
    void write_afterRollback_releasesTheWriteLock() throws SQLException {
        assertThatThrownBy(() -> write(tx -> {
            tx.insert(CaFixtures.minimal(UUID.randomUUID(), T0));
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);

        try (Connection other = impatient(); Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        }
    }

    @Test
    void write_manyConcurrentWritersOneFailing_othersCommitAndTheFailureLeavesNothing() throws Exception {
        int writers = 32;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<?>> results = new java.util.ArrayList<>();
        java.util.List<java.util.UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            java.util.UUID id = java.util.UUID.randomUUID();
            ids.add(id);
            boolean poisoned = i == 7;
            results.add(pool.submit(() -> {
                start.await();
                write(tx -> {
                    tx.insert(CaFixtures.minimal(id, CaFixtures.T0));
                    if (poisoned) {
                        throw new IllegalStateException("writer 7 fails after inserting");
                    }
                });
                return null;
            }));
        }
        start.countDown();
        for (int i = 0; i < writers; i++) {
            if (i == 7) {
                assertThatThrownBy(results.get(i)::get).hasRootCauseInstanceOf(IllegalStateException.class);
            } else {
                results.get(i).get();
            }
        }
        pool.shutdown();
        for (int i = 0; i < writers; i++) {
            assertThat(find(ids.get(i)).isPresent()).as("CA of writer " + i).isEqualTo(i != 7);
        }
    }

    // ----- one server per file, and the CA cache that relies on it

    @Test
    void open_secondStoreOnTheSameFile_isRefusedClearly_andAdmittedOnceTheFirstCloses() {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));

        assertThatThrownBy(() -> JdbcStore.open(url, null, null)).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains("in use by another Castellan server").contains(".db.lock");
        });
        // The refused store touched nothing: the first one goes on reading and writing.
        write(tx -> tx.update(stored(ca.id()).toBuilder().status(CaStatus.DISABLED).build()));
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);

        store.close();
        store = JdbcStore.open(url, null, null);
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
    }

    @Test
    void certificateAuthority_readAgain_takesNoConnection_untilItChanges() {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        assertThat(readBegins(ca.id())).as("first read").isTrue();
        assertThat(readBegins(ca.id())).as("read again").isFalse();

        write(tx -> tx.update(stored(ca.id()).toBuilder().status(CaStatus.DISABLED).build()));
        assertThat(readBegins(ca.id())).as("read after a change").isTrue();
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
        assertThat(readBegins(ca.id())).as("read again after the change").isFalse();
    }

    /** Whether reading the CA took a connection and began a transaction (rather than the cache answering). */
    private boolean readBegins(UUID id) {
        return store.read(tx -> {
            tx.certificateAuthority(id).orElseThrow();
            return ((JdbcReadTransaction) tx).begun() != null;
        });
    }

    @Test
    void certificateAuthority_changedDuringARead_isNeverServedStaleAfterwards() throws Exception {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        stored(ca.id()); // cached
        // A read whose snapshot began before the change sees the CA as it was, and must not teach the cache that.
        CaStatus inOldSnapshot = store.read(tx -> {
            tx.anyAccessKey();
            changeOnAnotherThread(ca.id(), CaStatus.DISABLED);
            return tx.certificateAuthority(ca.id()).orElseThrow().status();
        });
        assertThat(inOldSnapshot).isEqualTo(CaStatus.PENDING_CERTIFICATE);
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
        // A read that had not begun when the change committed sees it.
        CaStatus afterChange = store.read(tx -> {
            changeOnAnotherThread(ca.id(), CaStatus.ACTIVE);
            return tx.certificateAuthority(ca.id()).orElseThrow().status();
        });
        assertThat(afterChange).isEqualTo(CaStatus.ACTIVE);
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.ACTIVE);
    }

    private void changeOnAnotherThread(UUID id, CaStatus status) {
        try (var executor = java.util.concurrent.Executors.newSingleThreadExecutor()) {
            executor.submit(() -> write(tx -> tx.update(tx.certificateAuthority(id).orElseThrow().toBuilder()
                    .status(status).build()))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void certificateAuthority_changedByAnEarlierJobOfTheSameCommit_isSeenByTheNextJob() throws Exception {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        stored(ca.id()); // cached
        // Hold the writer so that the change and the read queue up and run in one transaction, one after the other.
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Object> holder = store.writeLater(tx -> {
            try {
                return release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        java.util.concurrent.CompletableFuture<CertificateAuthority> change = store.writeLater(tx ->
                tx.update(tx.certificateAuthority(ca.id()).orElseThrow().toBuilder().status(CaStatus.DISABLED).build()));
        java.util.concurrent.CompletableFuture<CaStatus> readInNextJob = store.writeLater(tx ->
                tx.certificateAuthority(ca.id()).orElseThrow().status());
        release.countDown();

        assertThat(holder.get()).isEqualTo(true);
        assertThat(change.get().status()).isEqualTo(CaStatus.DISABLED);
        assertThat(readInNextJob.get()).isEqualTo(CaStatus.DISABLED);
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
    }

    @Test
    void certificateAuthority_readWhileAChangeIsUncommitted_isReadFreshOnceItCommits() throws Exception {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch commit = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<CertificateAuthority> change = store.writeLater(tx -> {
            CertificateAuthority disabled = tx.update(tx.certificateAuthority(ca.id()).orElseThrow().toBuilder()
                    .status(CaStatus.DISABLED).build());
            changed.countDown();
            try {
                commit.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return disabled;
        });
        assertThat(changed.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        // Read between the change and its commit, twice, so the cache holds the committed row of that moment.
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.PENDING_CERTIFICATE);
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.PENDING_CERTIFICATE);
        commit.countDown();
        change.get();

        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
    }
}
