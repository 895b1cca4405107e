package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite statement cache on real SQLite connections: reuse, nesting, and no snapshot left behind. */
class StatementCacheTest {
    @TempDir
    Path dir;

    private Connection reader;
    private Connection writer;
    private final StatementCache cache = StatementCache.forSqlite();

    @BeforeEach
    void open() throws SQLException {
        String url = "jdbc:sqlite:" + dir.resolve("cache.db");
        writer = DriverManager.getConnection(url);
        try (Statement s = writer.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
        reader = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        cache.forget(reader);
        cache.forget(writer);
        reader.close();
        writer.close();
    }

    @Test
    void closedStatement_isReused_withItsParametersCleared() throws SQLException {
        String sql = "SELECT v FROM t WHERE k = ?";
        PreparedStatement first;
        try (PreparedStatement ps = cache.prepare(reader, sql)) {
            first = ps;
            ps.setInt(1, 2);
            assertThat(single(ps)).isEqualTo("two");
        }
        try (PreparedStatement ps = cache.prepare(reader, sql)) {
            assertThat(ps).isSameAs(first);
            // A parameter left from the last use would answer "two"; cleared, an unbound ? is NULL and matches nothing.
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isFalse();
            }
        }
        assertThatThrownBy(() -> first.setInt(1, 1)).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    @Test
    void sameSqlWhileInUse_getsItsOwnStatement() throws SQLException {
        String sql = "SELECT v FROM t WHERE k >= ? ORDER BY k";
        try (PreparedStatement outer = cache.prepare(reader, sql)) {
            outer.setInt(1, 1);
            try (ResultSet rows = outer.executeQuery()) {
                assertThat(rows.next()).isTrue();
                try (PreparedStatement inner = cache.prepare(reader, sql)) {
                    assertThat(inner).isNotSameAs(outer);
                    inner.setInt(1, 3);
                    assertThat(single(inner)).isEqualTo("three");
                }
                // The outer cursor was not disturbed by the inner statement.
                assertThat(rows.getString(1)).isEqualTo("one");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("two");
            }
        }
    }

    @Test
    void releasingAStatementWithAnUnreadResult_leavesNoOldSnapshot() throws SQLException {
        String sql = "SELECT v FROM t ORDER BY k";
        try (PreparedStatement ps = cache.prepare(reader, sql)) {
            ResultSet rs = ps.executeQuery(); // deliberately left open: release must reset the statement
            assertThat(rs.next()).isTrue();
        }
        try (Statement s = writer.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (4, 'four')");
        }
        // Had the statement kept its read transaction, this connection would still see three rows.
        try (PreparedStatement ps = cache.prepare(reader, "SELECT count(*) FROM t")) {
            assertThat(single(ps)).isEqualTo("4");
        }
    }

    @Test
    void forget_closesTheCachedStatements() throws SQLException {
        PreparedStatement ps = cache.prepare(reader, "SELECT 1");
        PreparedStatement underlying = ps.unwrap(PreparedStatement.class);
        ps.close();
        assertThat(underlying.isClosed()).isFalse();
        cache.forget(reader);
        assertThat(underlying.isClosed()).isTrue();
        try (PreparedStatement again = cache.prepare(reader, "SELECT 1")) {
            assertThat(again).isNotSameAs(ps);
            assertThat(single(again)).isEqualTo("1");
        }
    }

    @Test
    void disabledCache_preparesEveryTime() throws SQLException {
        try (PreparedStatement a = StatementCache.NONE.prepare(reader, "SELECT 1");
                PreparedStatement b = StatementCache.NONE.prepare(reader, "SELECT 1")) {
            assertThat(a).isNotSameAs(b);
        }
    }

    private static String single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
