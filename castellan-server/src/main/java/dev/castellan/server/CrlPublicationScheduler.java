package dev.castellan.server;

import dev.castellan.authority.crl.CrlPublisher;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CrlPublisher#publishDue} on one background thread every {@code interval} (5 s by default), so a
 * revocation reaches the published CRL within about one interval plus one run. A run that fails is logged and the
 * next one starts on schedule; runs never overlap.
 */
final class CrlPublicationScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CrlPublicationScheduler.class);

    private final ScheduledExecutorService executor;

    private CrlPublicationScheduler(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static CrlPublicationScheduler start(CrlPublisher publisher, InstantSource clock, Duration interval) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "castellan-crl-publisher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                publisher.publishDue(clock.instant());
            } catch (RuntimeException | Error e) {
                log.error("The CRL publisher run failed; retrying in {}", interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("CRL publisher running every {}", interval);
        return new CrlPublicationScheduler(executor);
    }

    /** Stops the schedule and waits for a running publication to finish, so the store can close after it. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A CRL publication did not finish within 30 s of shutdown; interrupting it");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
