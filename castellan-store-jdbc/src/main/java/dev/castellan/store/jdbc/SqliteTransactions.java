package dev.castellan.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * SQLite transaction control through cached statements, on connections the driver keeps in auto-commit mode
 * (so it issues no BEGIN or COMMIT of its own). sqlite-jdbc compiles {@code begin}/{@code commit} afresh for each
 * {@code setAutoCommit} and {@code commit}; these are compiled once per connection.
 */
final class SqliteTransactions {
    private SqliteTransactions() {}

    /** Runs one transaction-control statement: BEGIN [IMMEDIATE], COMMIT, ROLLBACK [TO], SAVEPOINT or RELEASE. */
    static void execute(StatementCache statements, Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = statements.prepare(c, sql)) {
            ps.execute();
        }
    }
}
