package dev.castellan.server;

import dev.castellan.authority.kms.KeyService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Destroys KMS keys whose deletion date has passed ({@link KeyService#purgeDeletedKeys}), at startup and then once a
 * minute. The keys stop working at their date whatever this does; it is what makes their material unrecoverable.
 */
final class KmsKeyPurge {
    private static final Logger log = LoggerFactory.getLogger(KmsKeyPurge.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private KmsKeyPurge() {}

    static BackgroundTask start(KeyService keys) {
        return BackgroundTask.every("castellan-kms-key-purge", Duration.ZERO, INTERVAL, Duration.ofSeconds(10), () -> {
            int destroyed = keys.purgeDeletedKeys();
            if (destroyed > 0) {
                log.info("Destroyed {} KMS key(s) whose deletion date passed", destroyed);
            }
        });
    }
}
