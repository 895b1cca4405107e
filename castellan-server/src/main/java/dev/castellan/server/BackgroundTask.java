package dev.castellan.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work the server repeats on a daemon thread of its own (CRL publication, OCSP maintenance, the purge of deleted KMS
 * keys): first after {@code initialDelay}, then {@code interval} after each run ends, so runs never overlap. A run
 * that throws is logged and the next one starts on schedule. Closing stops the schedule and waits for a run in
 * progress, so the store can be closed after it.
 */
final class BackgroundTask implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackgroundTask.class);

    private final String name;
    private final ScheduledExecutorService executor;
    private final Duration closeWait;

    private BackgroundTask(String name, ScheduledExecutorService executor, Duration closeWait) {
        this.name = name;
        this.executor = executor;
        this.closeWait = closeWait;
    }

    /**
     * @param name      the thread's name, also used in log lines
     * @param closeWait how long {@link #close} waits for a run in progress before interrupting it
     */
    static BackgroundTask every(String name, Duration initialDelay, Duration interval, Duration closeWait, Runnable run) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                log.error("{} failed; retrying in {}", name, interval, e);
            }
        }, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new BackgroundTask(name, executor, closeWait);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(closeWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not finish within {} of shutdown; interrupting it", name, closeWait);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
