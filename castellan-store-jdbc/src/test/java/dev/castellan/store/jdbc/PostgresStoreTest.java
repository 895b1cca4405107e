package dev.castellan.store.jdbc;

import static dev.castellan.store.jdbc.CaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.store.ReadTransaction.IdempotencyRecord;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The store contract on a fresh database of the shared test PostgreSQL cluster, plus its isolation levels. */
final class PostgresStoreTest extends StoreContract {
    @Override
    String freshUrl() {
        return TestPostgres.freshDatabaseUrl();
    }

    @Override
    String user() {
        return TestPostgres.user();
    }

    private static String show(JdbcReadTransaction tx, String setting) {
        Connection c = tx.connection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void certificateAuthority_changedThroughAnotherStoreOnTheSameDatabase_isReadFresh() {
        CertificateAuthority ca = CaFixtures.minimal(UUID.randomUUID(), T0);
        write(tx -> tx.insert(ca));
        CertificateAuthority cached = stored(ca.id());
        // A second store on the same database stands for another node: its change must not be missed by the cache.
        try (JdbcStore other = JdbcStore.open(url, user(), null)) {
            other.write(tx -> tx.update(cached.toBuilder().status(CaStatus.DISABLED).build()));
        }
        assertThat(stored(ca.id()).status()).isEqualTo(CaStatus.DISABLED);
    }

    @Test
    void remember_bothWritersMissedTheTokenAtReadCommitted_secondFailsInsteadOfOverwriting() throws Exception {
        IdempotencyRecord first = new IdempotencyRecord("S", "tok", "h", "first", T0);
        IdempotencyRecord second = new IdempotencyRecord("S", "tok", "h", "second", T0.plusMillis(3));
        Instant notBefore = T0.minus(Duration.ofMinutes(5));
        try (Concurrently concurrently = new Concurrently()) {
            var winner = concurrently.holdWriteTransaction(store, tx -> {
                assertThat(tx.idempotency("S", "tok", notBefore)).isEmpty();
                tx.remember(first);
                return first;
            });
            var loser = concurrently.holdWriteTransaction(store, tx -> tx.idempotency("S", "tok", notBefore),
                    (tx, seen) -> {
                        assertThat(seen).isEmpty();  // the winner has not committed yet
                        tx.remember(second);
                        return second;
                    });
            winner.release();
            assertThat(winner.result()).isEqualTo(first);
            loser.release();

            assertThat(Concurrently.failure(loser.future())).isInstanceOfSatisfying(CastellanException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION));
        }
        Optional<IdempotencyRecord> stored = store.read(tx -> tx.idempotency("S", "tok", notBefore));
        assertThat(stored).contains(first);
    }

    @Test
    void write_postgres_runsReadCommitted() {
        String isolation = store.write(tx -> show((JdbcReadTransaction) tx, "transaction_isolation")
                + "," + show((JdbcReadTransaction) tx, "transaction_read_only"));

        assertThat(isolation).isEqualTo("read committed,off");
    }

    @Test
    void writeIntent_postgres_commitsAsynchronouslyForThatTransactionOnly() throws SQLException {
        // The shared test cluster commits asynchronously to save time; this database gets the production default back.
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = raw(); Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE \"" + database + "\" SET synchronous_commit = on");
        }
        try (JdbcStore durable = JdbcStore.open(url, user(), null)) {
            String during = durable.writeIntent(tx -> show((JdbcReadTransaction) tx, "synchronous_commit"));
            java.util.List<String> after = new java.util.ArrayList<>();
            for (int i = 0; i < 12; i++) { // more than the pool's connections, so the one that ran the intent is met
                after.add(durable.write(tx -> show((JdbcReadTransaction) tx, "synchronous_commit")));
            }

            assertThat(during).isEqualTo("off");
            assertThat(after).containsOnly("on");
        }
    }

    @Test
    void read_postgres_runsRepeatableReadReadOnly() {
        String isolation = store.read(tx -> show((JdbcReadTransaction) tx, "transaction_isolation")
                + "," + show((JdbcReadTransaction) tx, "transaction_read_only"));

        assertThat(isolation).isEqualTo("repeatable read,on");
    }

    @Test
    void write_afterReadTransaction_isReadCommittedAgain() {
        store.read(tx -> tx.anyAccessKey());
        store.read(tx -> tx.anyAccessKey());

        for (int i = 0; i < 12; i++) {
            String isolation = store.write(tx -> show((JdbcReadTransaction) tx, "transaction_isolation"));
            assertThat(isolation).isEqualTo("read committed");
        }
    }
}
