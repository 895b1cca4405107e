package dev.castellan.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The differences between the two supported databases that the SQL of this package cannot hide: how a UUID
 * travels, where the migrations live, and how a read transaction takes its snapshot. Everything else is
 * written once in SQL both accept.
 */
enum Dialect {
    SQLITE("jdbc:sqlite:", "sqlite") {
        @Override
        void bindUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
            ps.setString(index, id.toString());
        }

        @Override
        UUID readUuid(ResultSet rs, String column) throws SQLException {
            return UUID.fromString(rs.getString(column));
        }

        @Override
        void beginRead(Connection c) {
            // The reader pool's transaction mode is DEFERRED: in WAL mode the snapshot is taken at the first
            // read and never blocks, nor is blocked by, the writer.
        }

        @Override
        void relaxCommit(Connection c) {
            throw new IllegalStateException("SQLite writes go through the group commit, which relaxes its own commits.");
        }
    },

    POSTGRESQL("jdbc:postgresql:", "postgresql") {
        @Override
        void bindUuid(PreparedStatement ps, int index, UUID id) throws SQLException {
            ps.setObject(index, id);
        }

        @Override
        UUID readUuid(ResultSet rs, String column) throws SQLException {
            return rs.getObject(column, UUID.class);
        }

        @Override
        void beginRead(Connection c) throws SQLException {
            // Writes run at READ COMMITTED and rely on the version check; reads get one snapshot for all their
            // statements. A read-only REPEATABLE READ transaction never fails with a serialization error.
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        }

        @Override
        void relaxCommit(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit TO OFF");
            }
        }
    };

    private final String prefix;
    private final String folder;

    Dialect(String prefix, String folder) {
        this.prefix = prefix;
        this.folder = folder;
    }

    /** The dialect a JDBC URL names; only SQLite files and PostgreSQL servers are supported. */
    static Dialect of(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("A JDBC URL is required: jdbc:sqlite:<file> or jdbc:postgresql://...");
        }
        if (jdbcUrl.startsWith(SQLITE.prefix)) {
            String path = jdbcUrl.substring(SQLITE.prefix.length());
            if (path.isBlank() || path.startsWith(":") || path.contains("mode=memory")) {
                throw new IllegalArgumentException("The SQLite URL '" + masked(jdbcUrl)
                        + "' does not name a database file; an in-memory database is not shared between pooled connections. Use jdbc:sqlite:<file>.");
            }
            if (path.contains("?")) {
                // sqlite-jdbc lets URL parameters override pragmas, e.g. the writers' transaction mode.
                throw new IllegalArgumentException("The SQLite URL '" + masked(jdbcUrl) + "' has parameters;"
                        + " Castellan sets the SQLite settings itself. Use jdbc:sqlite:<file>.");
            }
            return SQLITE;
        }
        if (jdbcUrl.startsWith(POSTGRESQL.prefix)) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported JDBC URL '" + masked(jdbcUrl)
                + "': Castellan stores data in SQLite (jdbc:sqlite:<file>) or PostgreSQL (jdbc:postgresql://...).");
    }

    /** The database file a SQLite URL (one {@link #of} accepted) names. */
    static Path sqliteFile(String jdbcUrl) {
        return Path.of(jdbcUrl.substring(SQLITE.prefix.length()));
    }

    /** The URL without its query string, which may carry a password. */
    static String masked(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }

    String migrations() {
        return "classpath:db/migration/" + folder;
    }

    abstract void bindUuid(PreparedStatement ps, int index, UUID id) throws SQLException;

    abstract UUID readUuid(ResultSet rs, String column) throws SQLException;

    /** Runs first in every read transaction, with auto-commit already off. */
    abstract void beginRead(Connection c) throws SQLException;

    /** Makes the open write transaction commit without waiting for its log to reach the disk (an intent). */
    abstract void relaxCommit(Connection c) throws SQLException;
}
