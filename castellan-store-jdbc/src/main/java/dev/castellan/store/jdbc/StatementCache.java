package dev.castellan.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepared statements kept open per SQLite connection, so a statement the code runs again is not compiled again.
 *
 * <p>Why: sqlite-jdbc compiles the SQL on every {@code prepareStatement}, and a CA is read with a join whose
 * compilation cost more than running it; profiling an issuance showed statement compilation at an eighth of the
 * server's CPU. PostgreSQL's driver keeps server-side prepared statements per connection by itself, so this cache
 * is used for SQLite only.
 *
 * <p>Design notes:
 * <ul>
 *   <li>Statements are prepared on the physical connection under the pool's proxy, because the pool closes every
 *   statement made through its proxy when the connection is returned. The cache is keyed by that physical
 *   connection; the pool holds SQLite connections for the life of the store (no maximum lifetime), and a
 *   connection found closed has its entry dropped.</li>
 *   <li>Callers keep the usual try-with-resources shape: {@code close()} on what {@link #prepare} returns clears
 *   the parameters and hands the statement back instead of closing it. A statement that is still in use (the
 *   same SQL prepared twice before the first is closed) gets an uncached twin, so two result sets never share
 *   one statement.</li>
 *   <li>A connection is used by one transaction at a time, so each per-connection map is touched by one thread
 *   at a time; only the map of connections is shared.</li>
 * </ul>
 */
final class StatementCache {
    private static final Logger LOG = LoggerFactory.getLogger(StatementCache.class);
    /** Distinct statements the code runs are a few dozen; the bound only guards against a pathological caller. */
    static final int MAX_PER_CONNECTION = 128;

    /** No caching: every call prepares on the given connection (PostgreSQL). */
    static final StatementCache NONE = new StatementCache(false);

    private final boolean enabled;
    private final Map<Connection, Map<String, Cached>> byConnection = new ConcurrentHashMap<>();

    private StatementCache(boolean enabled) {
        this.enabled = enabled;
    }

    static StatementCache forSqlite() {
        return new StatementCache(true);
    }

    /** A statement for {@code sql} on {@code pooled}; close it as usual when done. */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        if (!enabled) {
            return pooled.prepareStatement(sql);
        }
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, Cached> statements = byConnection.get(physical);
        if (statements == null) {
            dropClosedConnections();
            statements = new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                    if (size() <= MAX_PER_CONNECTION || eldest.getValue().inUse) {
                        return false;
                    }
                    eldest.getValue().closeQuietly();
                    return true;
                }
            };
            byConnection.put(physical, statements);
        }
        Cached entry = statements.get(sql);
        if (entry != null && entry.inUse) {
            return physical.prepareStatement(sql); // a twin, closed for real by its caller
        }
        if (entry == null || entry.statement.isClosed()) {
            entry = new Cached(physical.prepareStatement(sql));
            statements.put(sql, entry);
        }
        entry.inUse = true;
        return entry.proxy;
    }

    /** Closes every cached statement of {@code pooled}'s connection, before the pool closes or evicts it. */
    void forget(Connection pooled) {
        if (!enabled) {
            return;
        }
        try {
            Map<String, Cached> statements = byConnection.remove(pooled.unwrap(Connection.class));
            if (statements != null) {
                statements.values().forEach(Cached::closeQuietly);
            }
        } catch (SQLException e) {
            LOG.debug("Could not reach the connection under the pool's proxy", e);
        }
    }

    private void dropClosedConnections() {
        byConnection.entrySet().removeIf(e -> {
            try {
                return e.getKey().isClosed();
            } catch (SQLException ex) {
                return true;
            }
        });
    }

    /** One cached statement and the proxy callers hold; {@code close()} on the proxy releases, never closes. */
    private static final class Cached implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement proxy;
        boolean inUse;
        /** The result set of the last query, closed on release: an unread SQLite statement keeps its snapshot. */
        ResultSet results;

        Cached(PreparedStatement statement) {
            this.statement = statement;
            this.proxy = (PreparedStatement) Proxy.newProxyInstance(StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "close" -> {
                    release();
                    return null;
                }
                case "isClosed" -> {
                    return !inUse || statement.isClosed();
                }
                default -> {
                    if (!inUse) {
                        throw new SQLException("This statement was closed.");
                    }
                    Object result;
                    try {
                        result = method.invoke(statement, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (result instanceof ResultSet rs) {
                        results = rs;
                    }
                    return result;
                }
            }
        }

        private void release() throws SQLException {
            if (!inUse) {
                return;
            }
            inUse = false;
            ResultSet rs = results;
            results = null;
            if (rs != null) {
                rs.close();
            }
            if (!statement.isClosed()) {
                statement.clearParameters();
                statement.clearBatch();
            }
        }

        void closeQuietly() {
            try {
                statement.close();
            } catch (SQLException e) {
                LOG.debug("Closing a cached statement failed", e);
            }
        }
    }
}
