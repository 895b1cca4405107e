package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.store.jdbc.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
    void write_postgres_runsReadCommitted() {
        String isolation = store.write(tx -> show((JdbcReadTransaction) tx, "transaction_isolation")
                + "," + show((JdbcReadTransaction) tx, "transaction_read_only"));

        assertThat(isolation).isEqualTo("read committed,off");
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
