package dev.castellan.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pools of one store: writers and readers. PostgreSQL uses one pool for both. SQLite uses two,
 * because sqlite-jdbc opens the transaction of a connection as soon as auto-commit is switched off, in the
 * pool's transaction mode: writers need {@code BEGIN IMMEDIATE}, readers must not take the write lock at all.
 */
record Pools(HikariDataSource writer, HikariDataSource reader) implements AutoCloseable {
    /** SQLite admits one writer at a time; one pooled writer makes waiting writers queue fairly in the pool. */
    static final int SQLITE_WRITERS = 1;
    /** Readers never block each other under WAL; enough of them that 32 concurrent requests do not queue. */
    static final int SQLITE_READERS = 16;
    static final int POSTGRESQL_CONNECTIONS = 10;
    static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    static Pools open(Dialect dialect, String jdbcUrl, String user, String password) {
        return switch (dialect) {
            case SQLITE -> sqlite(jdbcUrl);
            case POSTGRESQL -> postgresql(jdbcUrl, user, password);
        };
    }

    /** Opens the writer alone; {@link #withSqliteReaders} adds the readers once migrations created the schema. */
    private static Pools sqlite(String jdbcUrl) {
        HikariDataSource writer = pool("castellan-sqlite-writer", SQLITE_WRITERS, false,
                sqliteSource(jdbcUrl, SQLiteConfig.TransactionMode.IMMEDIATE));
        return new Pools(writer, null);
    }

    /** The reader pool of a SQLite store whose schema is migrated. */
    Pools withSqliteReaders(String jdbcUrl) {
        HikariDataSource reader = pool("castellan-sqlite-reader", SQLITE_READERS, true,
                sqliteSource(jdbcUrl, SQLiteConfig.TransactionMode.DEFERRED));
        return new Pools(writer, reader);
    }

    private static SQLiteDataSource sqliteSource(String jdbcUrl, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL rather than NORMAL: with WAL, NORMAL never corrupts the file but a power loss may roll back the
        // last transactions after the client was answered. A certificate we returned must never vanish from
        // the store (ARCHITECTURE.md, issuance step 4), so every commit waits for fsync of the WAL.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(mode);
        // Nothing reads generated keys; left on, the driver runs SELECT last_insert_rowid() after every INSERT.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(jdbcUrl);
        return source;
    }

    private static HikariDataSource pool(String name, int size, boolean queryOnly, SQLiteDataSource source) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setAutoCommit(true);
        // A SQLite connection is a file handle with no server to time it out; keeping it for the store's life keeps
        // its compiled statements (StatementCache) too.
        config.setMaxLifetime(0);
        if (queryOnly) {
            config.setConnectionInitSql("PRAGMA query_only = true");
        }
        return new HikariDataSource(config);
    }

    private static Pools postgresql(String jdbcUrl, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("castellan-postgresql");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POSTGRESQL_CONNECTIONS);
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource pool = new HikariDataSource(config);
        return new Pools(pool, pool);
    }

    @Override
    public void close() {
        if (reader != null && reader != writer) {
            reader.close();
        }
        writer.close();
    }
}
