package dev.castellan.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit for a database with one writer (SQLite): concurrent write transactions that arrive while a commit
 * is being made to disk are run together in the next transaction and made durable by one commit.
 *
 * <p>Design notes:
 * <ul>
 *   <li><b>Same guarantee per caller.</b> Each callback runs inside its own savepoint: if it throws, only its
 *   own changes are rolled back and only its caller sees the exception. A caller returns only after the commit
 *   that holds its changes succeeded; if that commit fails, every caller in the batch gets the failure and none
 *   of their changes exist.</li>
 *   <li><b>Leader/follower.</b> A caller queues its job and tries to take the writer lock. Whoever gets it drains
 *   the queue into one transaction, commits, wakes the caller of every job in it, and then wakes the caller at
 *   the head of the queue to lead the next batch. The others sleep until one of those wakes them. No extra thread,
 *   no timer: the batch is exactly what queued up during the previous commit.</li>
 *   <li><b>No convoy.</b> Callers whose job is done are woken directly and never touch the lock. (Waiting on the
 *   lock instead made each of them take and release it in turn after every commit: on two cores, a chain of
 *   thread wake-ups that left the CPU idle while requests waited.)</li>
 *   <li><b>Why.</b> With {@code synchronous=FULL} every commit waits for the disk; one commit per issuance caps
 *   a CA at the disk's fsync rate, while the work itself (a few rows) is tiny. Under 32 concurrent issuances a
 *   batch holds about a dozen transactions.</li>
 * </ul>
 */
final class GroupCommit {
    /** Bounds one transaction so a flood of writers cannot hold the write lock for long. */
    private static final int MAX_BATCH = 256;
    /** A sleeping caller looks again after this long even if nobody woke it: a guard, not the mechanism. */
    private static final long RECHECK_NANOS = 50_000_000L;

    private final ReentrantLock writer = new ReentrantLock();
    private final StatementCache statements;
    private final CaCache cas;
    private final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();

    GroupCommit(StatementCache statements, CaCache cas) {
        this.statements = statements;
        this.cas = cas;
    }

    /** Opens the writer connection for one batch; the batch returns it when done. */
    interface ConnectionSource {
        Connection open() throws SQLException;

        void release(Connection c);
    }

    static final class Job<T> {
        final Function<JdbcWriteTransaction, T> work;
        final Thread caller = Thread.currentThread();
        T result;
        Throwable failure;
        volatile boolean done;

        Job(Function<JdbcWriteTransaction, T> work) {
            this.work = work;
        }
    }

    <T> T write(Function<JdbcWriteTransaction, T> work, ConnectionSource source, Dialect dialect) {
        Job<T> job = new Job<>(work);
        queue.add(job);
        while (!job.done) {
            if (writer.tryLock()) {
                try {
                    if (!job.done) {
                        runBatch(source, dialect);
                    }
                } finally {
                    writer.unlock();
                }
                // Hand the lead to the oldest waiting caller. A job queued after this look finds the lock free.
                Job<?> next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
            }
        }
        if (job.failure != null) {
            sneakyThrow(job.failure);
        }
        return job.result;
    }

    private void runBatch(ConnectionSource source, Dialect dialect) {
        List<Job<?>> batch = new ArrayList<>();
        Job<?> j;
        while (batch.size() < MAX_BATCH && (j = queue.poll()) != null) {
            batch.add(j);
        }
        Connection c = null;
        try {
            c = source.open();
            c.setAutoCommit(false);
            for (Job<?> job : batch) {
                run(c, dialect, job);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException re ? re : StoreErrors.of("commit the change", (SQLException) e);
            if (c != null) {
                try {
                    c.rollback();
                } catch (SQLException r) {
                    failure.addSuppressed(r);
                }
            }
            for (Job<?> job : batch) {
                job.result = null;
                job.failure = failure;
            }
        } finally {
            if (c != null) {
                source.release(c);
            }
            for (Job<?> job : batch) {
                job.done = true;
                LockSupport.unpark(job.caller);
            }
        }
    }

    private <T> void run(Connection c, Dialect dialect, Job<T> job) throws SQLException {
        Savepoint sp = c.setSavepoint();
        JdbcWriteTransaction tx = new JdbcWriteTransaction(c, dialect, statements, cas);
        try {
            job.result = job.work.apply(tx);
            tx.end();
            c.releaseSavepoint(sp);
        } catch (RuntimeException | Error e) {
            tx.end();
            c.rollback(sp);
            c.releaseSavepoint(sp);
            job.failure = e;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
