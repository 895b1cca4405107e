package dev.castellan.server;

import dev.castellan.authority.crl.CrlPublisher;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link CrlPublisher#publishDue} on one background thread every {@code interval} (5 s by default), so a
 * revocation reaches the published CRL within about one interval plus one run. A run that fails is logged and the
 * next one starts on schedule; runs never overlap. Closing waits up to 30 s for a publication in progress.
 */
final class CrlPublicationScheduler {
    private static final Logger log = LoggerFactory.getLogger(CrlPublicationScheduler.class);

    private CrlPublicationScheduler() {}

    static BackgroundTask start(CrlPublisher publisher, InstantSource clock, Duration interval) {
        BackgroundTask task = BackgroundTask.every("castellan-crl-publisher", Duration.ZERO, interval,
                Duration.ofSeconds(30), () -> publisher.publishDue(clock.instant()));
        log.info("CRL publisher running every {}", interval);
        return task;
    }
}
