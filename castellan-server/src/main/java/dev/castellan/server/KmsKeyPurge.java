package dev.castellan.server;

import dev.castellan.authority.kms.KeyService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys KMS keys whose deletion date has passed ({@link KeyService#purgeDeletedKeys}), at startup and then once a
 * minute. The keys stop working at their date whatever this does; it is what makes their material unrecoverable.
 */
final class KmsKeyPurge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KmsKeyPurge.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final ScheduledExecutorService executor;

    private KmsKeyPurge(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static KmsKeyPurge start(KeyService keys) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "castellan-kms-key-purge");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                int destroyed = keys.purgeDeletedKeys();
                if (destroyed > 0) {
                    log.info("Destroyed {} KMS key(s) whose deletion date passed", destroyed);
                }
            } catch (RuntimeException | Error e) {
                log.error("Purging deleted KMS keys failed; retrying in {}", INTERVAL, e);
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new KmsKeyPurge(executor);
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
