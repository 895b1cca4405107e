package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.fail;

import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/** Threads for the concurrency tests, coordinated by latches (never by sleeping) and all ended on close. */
final class Concurrently implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<CountDownLatch> releases = new ArrayList<>();

    /** A write transaction that has done its work and stays open until {@link #release()}. */
    record HeldWrite<T>(CountDownLatch latch, Future<T> future) {
        void release() {
            latch.countDown();
        }

        T result() throws Exception {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    <T> HeldWrite<T> holdWriteTransaction(JdbcStore store, Function<WriteTransaction, T> work) throws Exception {
        return holdWriteTransaction(store, work, (tx, result) -> result);
    }

    /** Runs {@code before}, holds the transaction open until released, then runs {@code after} in it. */
    <B, T> HeldWrite<T> holdWriteTransaction(JdbcStore store, Function<WriteTransaction, B> before,
            BiFunction<WriteTransaction, B, T> after) throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        releases.add(release);
        Future<T> future = executor.submit(() -> store.write(tx -> {
            B first;
            try {
                first = before.apply(tx);
            } finally {
                inside.countDown();
            }
            await(release);
            return after.apply(tx, first);
        }));
        if (!inside.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("The write transaction did not start within " + WAIT_SECONDS + " s");
        }
        if (future.isDone()) {
            future.get();  // surfaces the failure of the work
        }
        return new HeldWrite<>(release, future);
    }

    <T> Future<T> start(Callable<T> work) {
        return executor.submit(work);
    }

    /** Runs {@code work} on another thread and fails if it takes longer than {@code limit}. */
    <T> T within(Duration limit, Callable<T> work) throws Exception {
        return executor.submit(work).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The exception a task ended with; fails if it succeeded. */
    static Throwable failure(Future<?> task) throws Exception {
        try {
            task.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        return fail("The task succeeded but was expected to fail");
    }

    /** How many optimistic writes won and how many lost to a concurrent one. */
    record Tally(int successes, int conflicts) {}

    /**
     * Starts {@code threads} threads together, each making {@code rounds} attempts; an attempt that fails with
     * CONCURRENT_MODIFICATION counts as a conflict, any other failure fails the race.
     */
    static Tally race(int threads, int rounds, Consumer<String> attempt) throws Exception {
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        try (Concurrently concurrently = new Concurrently()) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String name = "writer-" + t;
                tasks.add(concurrently.start(() -> {
                    await(go);
                    for (int r = 0; r < rounds; r++) {
                        try {
                            attempt.accept(name + "/" + r);
                            successes.incrementAndGet();
                        } catch (CastellanException e) {
                            if (e.code() != ErrorCode.CONCURRENT_MODIFICATION) {
                                throw e;
                            }
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> task : tasks) {
                task.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
        }
        return new Tally(successes.get(), conflicts.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Not released within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        releases.forEach(CountDownLatch::countDown);
        executor.shutdownNow();
        if (!executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
            fail("Test threads did not end within " + WAIT_SECONDS + " s");
        }
    }
}
