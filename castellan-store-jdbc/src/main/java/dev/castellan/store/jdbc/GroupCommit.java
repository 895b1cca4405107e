package dev.castellan.store.jdbc;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 *   <li><b>One writer thread.</b> Callers queue their job and sleep; the writer thread takes everything queued,
 *   runs it in one transaction, commits, and wakes each caller. The batch is exactly what queued up during the
 *   previous commit (about a dozen transactions under 32 concurrent issuances).</li>
 *   <li><b>Why a thread of its own.</b> The commit is the one serial step of every write, and most of it is
 *   waiting for fsync. A request thread leading the commit (the first design) had just spent its CPU share on
 *   signatures, so after each fsync it waited behind the busy threads for a core: commits took ten times the
 *   disk's latency and the writer became the bottleneck. A thread that only writes is light, and the scheduler
 *   runs it as soon as its I/O completes.</li>
 *   <li><b>Why at all.</b> With {@code synchronous=FULL} every commit waits for the disk; one commit per write
 *   would cap a CA at the disk's fsync rate, while the work itself (a few rows) is tiny.</li>
 *   <li><b>Intents apart.</b> A write that need not be durable on return ({@link dev.castellan.authority.store.Store#writeIntent})
 *   is committed in a transaction of its own with {@code synchronous=NORMAL}: in WAL mode that appends to the log
 *   without an fsync, and the next durable commit's fsync of the same log carries it to the disk (SQLite recovers
 *   a prefix of the log, so a durable commit implies every commit before it). Mixed into a durable batch, an
 *   intent would wait for an fsync it does not need; the writer commits the intents it finds straight away, also
 *   while it gathers company for the next durable commit.</li>
 *   <li><b>Answers later.</b> A caller that only passes the answer on ({@link #writeLater}: a KMS Sign's audit
 *   event, whose HTTP response follows) gets a future instead of sleeping. After the commit, one thread of its
 *   own completes the batch's futures and runs what depends on them (writing the responses): one wake-up per
 *   batch instead of one per caller, and the writer goes straight on to the next commit. Profiled under 32
 *   concurrent Signs, a request thread's sleep and wake-up for the commit cost more CPU in this virtual machine
 *   than the commit's own statements (docs/benchmarks.md).</li>
 * </ul>
 */
final class GroupCommit implements AutoCloseable {
    /** Bounds one transaction so a flood of writers cannot hold the write lock for long. */
    private static final int MAX_BATCH = 256;
    /** The idle writer looks at the queue again after this long even if nobody woke it: a guard, not the mechanism. */
    private static final long RECHECK_NANOS = 50_000_000L;
    private static final long CLOSE_WAIT_MILLIS = 10_000;
    /** The longest a commit waits for company: a fraction of what the fsync itself takes under load. */
    private static final long GATHER_NANOS = 300_000L;

    private final StatementCache statements;
    private final VersionedCache<CertificateAuthority> cas;
    private final ConnectionSource source;
    private final Dialect dialect;
    private final ConcurrentLinkedQueue<Job<?>> queue = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    /** Completes the futures of {@link #writeLater}, a batch per task, while the writer goes on to the next commit. */
    private final ExecutorService answers;
    private volatile boolean closed;
    /** The caches whose rows the batch being committed changed; only the writer thread uses it. */
    private final Set<VersionedCache<?>> changedCaches = new HashSet<>();

    GroupCommit(StatementCache statements, VersionedCache<CertificateAuthority> cas, ConnectionSource source,
            Dialect dialect) {
        this.statements = statements;
        this.cas = cas;
        this.source = source;
        this.dialect = dialect;
        this.writer = Thread.ofPlatform().name("castellan-sqlite-writer").daemon().unstarted(this::writeUntilClosed);
        writer.start();
        this.answers = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("castellan-sqlite-answers").daemon().factory());
    }

    /** Opens the writer connection for one batch; the batch returns it when done. */
    interface ConnectionSource {
        Connection open() throws SQLException;

        void release(Connection c);

        /** Drops a connection whose transaction state is unknown. */
        void evict(Connection c);
    }

    static final class Job<T> {
        final Function<JdbcWriteTransaction, T> work;
        /** False for an intent: committed without waiting for the disk. */
        final boolean durable;
        /** Whom to wake, or null for a job answered through {@link #future}. */
        final Thread caller;
        final CompletableFuture<T> future;
        T result;
        Throwable failure;
        volatile boolean done;

        Job(Function<JdbcWriteTransaction, T> work, boolean durable, CompletableFuture<T> future) {
            this.work = work;
            this.durable = durable;
            this.future = future;
            this.caller = future == null ? Thread.currentThread() : null;
        }
    }

    /**
     * Runs the work in the writer's next transaction and returns once it committed: durably, or for an intent
     * ({@code durable} false) as soon as it is in the log.
     */
    <T> T write(Function<JdbcWriteTransaction, T> work, boolean durable) {
        Job<T> job = enqueue(new Job<>(work, durable, null));
        // Untimed: a timed park of a virtual thread arms and cancels a timer in the scheduler's delay queue, 3 % of
        // an issuance's CPU in a profile. Whoever finishes the job wakes us: the writer after its commit, or
        // failLeftovers for a job the stopped writer never took.
        while (!job.done) {
            LockSupport.park(this);
        }
        if (job.failure != null) {
            sneakyThrow(job.failure);
        }
        return job.result;
    }

    /**
     * Queues a durable write and returns at once; the future completes on the answering thread after the commit, so
     * what depends on it must be quick and must not block.
     */
    <T> CompletableFuture<T> writeLater(Function<JdbcWriteTransaction, T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        enqueue(new Job<>(work, true, future));
        return future;
    }

    private <T> Job<T> enqueue(Job<T> job) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("A write transaction cannot start another one.");
        }
        if (closed) {
            throw new CastellanException(ErrorCode.INTERNAL, "The store is closed.");
        }
        queue.add(job);
        LockSupport.unpark(writer);
        if (closed && !writer.isAlive()) {
            failLeftovers(); // queued as the store closed, after the writer's last look at the queue
        }
        return job;
    }

    private void writeUntilClosed() {
        List<Job<?>> durable = new ArrayList<>();
        int lastBatch = 0;
        while (!closed || !queue.isEmpty()) {
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, RECHECK_NANOS);
                continue;
            }
            take(durable);
            if (durable.isEmpty()) {
                continue;
            }
            if (lastBatch > 1) {
                gather(durable, lastBatch);
            }
            lastBatch = durable.size();
            commit(durable, true);
            durable.clear();
        }
    }

    /** Moves queued jobs into {@code durable}, up to a batch; intents met on the way are committed at once. */
    private void take(List<Job<?>> durable) {
        List<Job<?>> intents = null;
        Job<?> j;
        while (durable.size() < MAX_BATCH && (intents == null || intents.size() < MAX_BATCH) && (j = queue.poll()) != null) {
            if (j.durable) {
                durable.add(j);
            } else {
                if (intents == null) {
                    intents = new ArrayList<>();
                }
                intents.add(j);
            }
        }
        if (intents != null) {
            commit(intents, false);
        }
    }

    /**
     * When writers are concurrent (the last durable batch held more than one), waits up to {@link #GATHER_NANOS}
     * for as many durable jobs as the last batch had before committing. Each commit costs an fsync whose CPU, in a
     * virtual machine, is a large share of a small write; a lone writer never waits.
     */
    private void gather(List<Job<?>> durable, int target) {
        long until = System.nanoTime() + GATHER_NANOS;
        while (durable.size() < target && !closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(this, left);
            take(durable);
        }
    }

    /** Writes what is queued, then stops the writer thread; writes asked for afterwards fail. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(CLOSE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            return; // still committing: it may hand the answering thread more work, so that thread stays
        }
        failLeftovers();
        answers.shutdown();
        try {
            answers.awaitTermination(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Fails the jobs the stopped writer will never run, and wakes or answers their callers. */
    private void failLeftovers() {
        Job<?> j;
        while ((j = queue.poll()) != null) {
            CastellanException failure = new CastellanException(ErrorCode.INTERNAL,
                    "The store closed before the change was written.");
            if (j.future != null) {
                j.future.completeExceptionally(failure);
            } else {
                j.failure = failure;
                j.done = true;
                LockSupport.unpark(j.caller);
            }
        }
    }

    /**
     * Runs the batch in one transaction and commits it, durably or (intents) with {@code synchronous=NORMAL}; then
     * wakes every caller in it.
     */
    private void commit(List<Job<?>> batch, boolean durably) {
        Connection c = null;
        changedCaches.clear();
        boolean begun = false;
        boolean relaxed = false;
        boolean broken = false;
        try {
            c = source.open();
            if (!durably) {
                execute(c, "PRAGMA synchronous = NORMAL");
                relaxed = true;
            }
            // Our own BEGIN/COMMIT from the statement cache, the driver left in auto-commit (SqliteTransactions).
            execute(c, "BEGIN IMMEDIATE");
            begun = true;
            for (Job<?> job : batch) {
                run(c, job);
            }
            execute(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException re ? re : StoreErrors.of("commit the change", (SQLException) e);
            if (begun) {
                try {
                    // A failed COMMIT (SQLITE_BUSY, I/O error) leaves the transaction open: end it.
                    execute(c, "ROLLBACK");
                } catch (SQLException r) {
                    failure.addSuppressed(r);
                    broken = true;
                }
            }
            for (Job<?> job : batch) {
                job.result = null;
                job.failure = failure;
            }
        } finally {
            if (relaxed && !broken) {
                try {
                    execute(c, "PRAGMA synchronous = FULL");
                } catch (SQLException e) {
                    broken = true; // never hand on a connection that would commit durable work without an fsync
                }
            }
            if (c != null) {
                if (broken) {
                    source.evict(c);
                } else {
                    source.release(c);
                }
            }
            // Committed or rolled back: readers from now on must look again (VersionedCache).
            changedCaches.forEach(VersionedCache::changing);
            List<Job<?>> later = null;
            for (Job<?> job : batch) {
                job.done = true;
                if (job.caller != null) {
                    LockSupport.unpark(job.caller);
                } else {
                    if (later == null) {
                        later = new ArrayList<>();
                    }
                    later.add(job);
                }
            }
            if (later != null) {
                List<Job<?>> answered = later;
                answers.execute(() -> answered.forEach(GroupCommit::complete));
            }
        }
    }

    private static <T> void complete(Job<T> job) {
        if (job.failure != null) {
            job.future.completeExceptionally(job.failure);
        } else {
            job.future.complete(job.result);
        }
    }

    /**
     * Runs one job inside its own savepoint. The savepoint statements are SQL of our own through the statement
     * cache: the driver's {@code setSavepoint} compiles a fresh statement each time, twice per job.
     */
    private <T> void run(Connection c, Job<T> job) throws SQLException {
        execute(c, "SAVEPOINT job");
        JdbcWriteTransaction tx = new JdbcWriteTransaction(c, dialect, statements, cas);
        try {
            job.result = job.work.apply(tx);
            tx.end();
            changedCaches.addAll(tx.changedCaches());
            execute(c, "RELEASE job");
        } catch (RuntimeException | Error e) {
            tx.end();
            changedCaches.addAll(tx.changedCaches());
            execute(c, "ROLLBACK TO job");
            execute(c, "RELEASE job");
            job.failure = e;
        }
    }

    private void execute(Connection c, String sql) throws SQLException {
        SqliteTransactions.execute(statements, c, sql);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }
}
