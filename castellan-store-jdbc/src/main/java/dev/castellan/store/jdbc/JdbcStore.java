package dev.castellan.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.kms.KmsKey;
import dev.castellan.authority.store.ReadTransaction;
import dev.castellan.authority.store.Store;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.SealedKeyStore;
import dev.castellan.core.model.KeyAlgorithm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable state of Castellan in SQLite or PostgreSQL: the authority's {@link Store} and the software key
 * provider's {@link SealedKeyStore}, over one set of pooled connections. Open it with {@link #open}; close it to
 * release the pools.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Transactions.</b> {@link #read} and {@link #write} each run the callback in one transaction on a
 *   pooled connection, hand it a transaction object bound to that connection, and commit when it returns. Any
 *   exception from the callback rolls back and propagates unchanged. The transaction object refuses use after the
 *   callback, so no statement runs outside the transaction it was meant for.</li>
 *   <li><b>SQLite.</b> WAL journal, {@code synchronous=FULL}, foreign keys on, a 10 s busy timeout. Writes go
 *   through {@link GroupCommit}: one writer thread and connection, transactions begun {@code IMMEDIATE} so one that
 *   reads before it writes never has to upgrade its lock (the upgrade is where two deferred writers deadlock into
 *   SQLITE_BUSY). Sixteen reader connections with {@code query_only}, which in WAL mode read a snapshot without
 *   ever waiting for the writer. Statements, {@code BEGIN} and {@code COMMIT} included, come compiled from the
 *   {@link StatementCache}; the driver stays in auto-commit mode and issues no transaction control of its own.</li>
 *   <li><b>Caches.</b> A CA or KMS key read again costs a version query ({@link VersionedCache}); on SQLite it
 *   costs nothing, because the server holds the file locked ({@link SqliteFileLock}) and is its only
 *   writer, and a read transaction the caches answer takes no connection.</li>
 *   <li><b>Intents</b> ({@link #writeIntent}) commit without waiting for the disk: SQLite with
 *   {@code synchronous=NORMAL} for that commit, PostgreSQL with {@code synchronous_commit} off for that
 *   transaction. Both logs reach the disk in order, so the next durable commit carries the intent with it.</li>
 *   <li><b>PostgreSQL.</b> One pool of ten. Writes run at READ COMMITTED and rely on the optimistic
 *   {@code version} check of {@link WriteTransaction#update}; reads run as REPEATABLE READ, READ ONLY so all their
 *   statements see one snapshot, as they do on SQLite.</li>
 *   <li><b>Errors.</b> SQL failures become {@link CastellanException} with {@link ErrorCode#INTERNAL} and a
 *   message that names the operation, never the SQL; the driver's exception is kept as the cause for logs.</li>
 *   <li><b>Sealed keys</b> are saved in their own short write transaction, outside any callback: a key is made
 *   before the CA that uses it, and a crash in between leaves an unused key, never a CA without one.</li>
 * </ul>
 */
public final class JdbcStore implements Store, SealedKeyStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final Dialect dialect;
    private final Pools pools;
    private final String description;
    /** SQLite: this server's claim on the file, released on close; null for PostgreSQL. */
    private final SqliteFileLock fileLock;
    /** SQLite has one writer: concurrent writes share commits. PostgreSQL commits concurrently by itself. */
    private final GroupCommit groupCommit;
    /** Compiled statements kept per connection; SQLite's driver compiles every statement afresh otherwise. */
    private final StatementCache statements;
    /** On SQLite this process holds the file locked and is its only writer, so a row read again costs no query. */
    private final VersionedCache<CertificateAuthority> cas;
    private final VersionedCache<KmsKey> kmsKeys;

    private JdbcStore(Dialect dialect, Pools pools, String description, SqliteFileLock fileLock) {
        this.fileLock = fileLock;
        this.dialect = dialect;
        this.pools = pools;
        this.description = description;
        this.statements = dialect == Dialect.SQLITE ? StatementCache.forSqlite() : StatementCache.NONE;
        AtomicLong generation = new AtomicLong(); // one for both caches: see VersionedCache#soleWriter
        this.cas = cache(dialect, CertificateAuthority::version, generation);
        this.kmsKeys = cache(dialect, KmsKey::version, generation);
        this.groupCommit = dialect == Dialect.SQLITE ? new GroupCommit(statements, cas, new GroupCommit.ConnectionSource() {
            @Override
            public Connection open() throws SQLException {
                return pools.writer().getConnection();
            }

            @Override
            public void release(Connection c) {
                JdbcStore.this.release(pools.writer(), c);
            }

            @Override
            public void evict(Connection c) {
                LOG.warn("Evicting the SQLite writer connection: its transaction could not be ended");
                statements.forget(c);
                pools.writer().evictConnection(c);
            }
        }, dialect) : null;
    }

    private static <V> VersionedCache<V> cache(Dialect dialect, ToLongFunction<V> version,
            AtomicLong generation) {
        return dialect == Dialect.SQLITE ? VersionedCache.soleWriter(version, generation) : VersionedCache.shared(version);
    }

    /**
     * Opens the database at {@code jdbcUrl} ({@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://...}),
     * bringing its schema up to date.
     *
     * @param user     the database user, or null (ignored by SQLite)
     * @param password the database password, or null (ignored by SQLite)
     * @throws IllegalArgumentException if the URL names neither a SQLite file nor a PostgreSQL database
     * @throws CastellanException       ({@code INTERNAL}) if the database cannot be reached or migrated
     */
    public static JdbcStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.of(jdbcUrl);
        String description = dialect.name().toLowerCase(java.util.Locale.ROOT) + " " + Dialect.masked(jdbcUrl);
        // Before the first connection: a second server on the file must not even migrate it.
        SqliteFileLock fileLock = dialect == Dialect.SQLITE ? SqliteFileLock.acquire(Dialect.sqliteFile(jdbcUrl)) : null;
        Pools pools = null;
        try {
            pools = Pools.open(dialect, jdbcUrl, user, password);
            // Features number their migrations in ranges (V0010 keys, V0020 CRLs, V0030 OCSP, ...), so a lower number
            // can land after a higher one was applied; out of order lets it apply instead of failing validation.
            Flyway.configure().dataSource(pools.writer()).locations(dialect.migrations())
                    .failOnMissingLocations(true).outOfOrder(true).load().migrate();
            if (dialect == Dialect.SQLITE) {
                pools = pools.withSqliteReaders(jdbcUrl);
            }
        } catch (RuntimeException e) {
            if (pools != null) {
                pools.close();
            }
            if (fileLock != null) {
                fileLock.close();
            }
            throw new CastellanException(ErrorCode.INTERNAL, "Cannot open the " + description + " store.", e);
        }
        LOG.info("Opened the {} store (user {}, {} writer / {} reader connections)", description,
                user == null ? "-" : user, pools.writer().getMaximumPoolSize(), pools.reader().getMaximumPoolSize());
        return new JdbcStore(dialect, pools, description, fileLock);
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return dialect == Dialect.SQLITE ? sqliteRead(work::apply) : inTransaction(pools.reader(), false, work::apply);
    }

    @Override
    public <T> T write(Function<WriteTransaction, T> work) {
        return write(work, true);
    }

    @Override
    public <T> CompletableFuture<T> writeLater(Function<WriteTransaction, T> work) {
        return groupCommit != null ? groupCommit.writeLater(work::apply) : Store.super.writeLater(work);
    }

    @Override
    public <T> T writeIntent(Function<WriteTransaction, T> work) {
        return write(work, false);
    }

    private <T> T write(Function<WriteTransaction, T> work, boolean durable) {
        if (groupCommit != null) {
            return groupCommit.write(work::apply, durable);
        }
        return inTransaction(pools.writer(), true, durable, tx -> work.apply((JdbcWriteTransaction) tx));
    }

    /** A transaction by the driver's own transaction control: every PostgreSQL transaction. */
    private <T> T inTransaction(HikariDataSource pool, boolean writes, Function<JdbcReadTransaction, T> work) {
        return inTransaction(pool, writes, true, work);
    }

    /**
     * @param durable false for an intent: PostgreSQL's asynchronous commit ({@code synchronous_commit} off for this
     *                transaction only) returns before the WAL is flushed; the next synchronous commit flushes the WAL
     *                up to its own record, this one included.
     */
    private <T> T inTransaction(HikariDataSource pool, boolean writes, boolean durable, Function<JdbcReadTransaction, T> work) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw StoreErrors.of("start a transaction", e);
        }
        try {
            c.setAutoCommit(false);
            if (!writes) {
                dialect.beginRead(c);
            } else if (!durable) {
                dialect.relaxCommit(c);
            }
            JdbcReadTransaction tx = writes ? new JdbcWriteTransaction(c, dialect, statements, cas)
                    : new JdbcReadTransaction(c, dialect, statements, cas);
            T result;
            try {
                result = work.apply(tx);
            } catch (Throwable t) {
                tx.end();
                rollback(c, t);
                throw t;
            }
            tx.end();
            c.commit();
            return result;
        } catch (SQLException e) {
            rollback(c, e);
            throw StoreErrors.of(writes ? "commit the change" : "read", e);
        } finally {
            release(pool, c);
        }
    }

    /**
     * A SQLite read transaction by {@code BEGIN}/{@code COMMIT} statements of our own, from the statement cache,
     * on a connection the driver keeps in auto-commit mode: the driver's own transaction control compiles a fresh
     * statement for each of its four steps (about 1.5% of an issuance's CPU). The connection is taken and the
     * transaction begun only at the first statement; a callback the caches answer takes neither.
     */
    private <T> T sqliteRead(Function<JdbcReadTransaction, T> work) {
        JdbcReadTransaction tx = new JdbcReadTransaction(this::beginSqliteRead, dialect, statements, cas);
        T result;
        try {
            result = work.apply(tx);
        } catch (Throwable t) {
            tx.end();
            endSqliteRead(tx.begun(), "ROLLBACK", t);
            throw t;
        }
        tx.end();
        endSqliteRead(tx.begun(), "COMMIT", null);
        return result;
    }

    private Connection beginSqliteRead() throws SQLException {
        Connection c = pools.reader().getConnection();
        try {
            SqliteTransactions.execute(statements, c, "BEGIN");
        } catch (SQLException | RuntimeException e) {
            evictReader(c);
            throw e;
        }
        return c;
    }

    /**
     * Ends a read transaction by {@code sql} and returns its connection, or evicts a connection whose transaction
     * could not be ended. A failure is added to {@code cause} if the callback failed, else thrown.
     */
    private void endSqliteRead(Connection c, String sql, Throwable cause) {
        if (c == null) {
            return;
        }
        try {
            SqliteTransactions.execute(statements, c, sql);
        } catch (SQLException | RuntimeException e) {
            evictReader(c);
            if (cause != null) {
                cause.addSuppressed(e);
                return;
            }
            throw e instanceof SQLException se ? StoreErrors.of("read", se) : (RuntimeException) e;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warn("Returning a database connection failed", e);
        }
    }

    private void evictReader(Connection c) {
        LOG.warn("Evicting a SQLite reader whose transaction could not be begun or ended");
        statements.forget(c);
        pools.reader().evictConnection(c);
    }

    private static void rollback(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Returns the connection with auto-commit back on; a connection that cannot be reset is evicted instead. */
    private void release(HikariDataSource pool, Connection c) {
        try {
            c.setAutoCommit(true);
            c.close();
        } catch (SQLException e) {
            LOG.warn("Evicting a database connection that could not be reset", e);
            statements.forget(c);
            pool.evictConnection(c);
        }
    }

    @Override
    public void save(SealedKey key) {
        write(tx -> {
            String sql = "INSERT INTO sealed_key (id, algorithm, public_key, sealed_private_key) VALUES (?, ?, ?, ?)";
            try (PreparedStatement ps = ((JdbcWriteTransaction) tx).prepare(sql)) {
                ps.setString(1, key.id());
                Columns.setEnum(ps, 2, key.algorithm());
                Columns.setBytes(ps, 3, key.publicKeyDer());
                Columns.setBytes(ps, 4, key.sealedPrivateKey());
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw StoreErrors.of("save the sealed key", e);
            }
        });
    }

    @Override
    public Optional<SealedKey> load(String id) {
        return read(tx -> {
            String sql = "SELECT algorithm, public_key, sealed_private_key FROM sealed_key WHERE id = ?";
            try (PreparedStatement ps = ((JdbcReadTransaction) tx).prepare(sql)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new SealedKey(id, Columns.enumValue(rs, "algorithm", KeyAlgorithm.class),
                            rs.getBytes("public_key"), rs.getBytes("sealed_private_key")));
                }
            } catch (SQLException e) {
                throw StoreErrors.of("load the sealed key", e);
            }
        });
    }

    @Override
    public void delete(String id) {
        write(tx -> {
            try (PreparedStatement ps = ((JdbcWriteTransaction) tx).prepare("DELETE FROM sealed_key WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
                return null;
            } catch (SQLException e) {
                throw StoreErrors.of("delete the sealed key", e);
            }
        });
    }

    /** The key service's store, in this store's database and transactions. */
    public dev.castellan.authority.kms.KmsKeyStore kmsKeys() {
        return new JdbcKmsKeyStore(this, kmsKeys);
    }

    /** Closes the connection pools; transactions still running fail. */
    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        pools.close();
        if (fileLock != null) {
            fileLock.close();
        }
        LOG.info("Closed the {} store", description);
    }

    @Override
    public String toString() {
        return "JdbcStore[" + description + "]";
    }
}
