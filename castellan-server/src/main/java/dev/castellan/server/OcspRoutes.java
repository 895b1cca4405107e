package dev.castellan.server;

import dev.castellan.authority.ocsp.OcspResponder;
import dev.castellan.pkix.http.OcspHttp;
import dev.castellan.pkix.http.PkixDistribution;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the OCSP responder on Javalin ({@code GET /ocsp/<CA-ID>/<base64 request>}, {@code POST /ocsp/<CA-ID>}) and
 * runs its maintenance — the poll for revocations made by other servers, responder renewal — every
 * {@link #MAINTENANCE_INTERVAL} on one background thread.
 */
final class OcspRoutes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OcspRoutes.class);
    /** A revocation made by another server sharing the database reaches this one's OCSP answers within about this. */
    static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(1);

    private final ScheduledExecutorService executor;

    private OcspRoutes(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    static void mount(JavalinConfig c, OcspHttp ocsp) {
        // <request> matches slashes too: a base64 request may contain unencoded '/'.
        c.routes.get("/ocsp/{ca}/<request>", ctx -> serve(ctx, ocsp));
        c.routes.get("/ocsp/{ca}", ctx -> serve(ctx, ocsp));
        c.routes.post("/ocsp/{ca}", ctx -> serve(ctx, ocsp));
        c.routes.post("/ocsp/{ca}/", ctx -> serve(ctx, ocsp));
    }

    private static void serve(Context ctx, OcspHttp ocsp) {
        Map<String, String> headers = new LinkedHashMap<>();
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null) {
            headers.put("If-None-Match", ifNoneMatch);
        }
        byte[] body = ctx.method().name().equals("POST") ? ctx.bodyAsBytes() : new byte[0];
        PkixDistribution.Response r = ocsp.handle(ctx.method().name(), ctx.req().getRequestURI(), headers, body);
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        ctx.result(r.body());
    }

    /** Starts the periodic maintenance of the responder; closing stops it. */
    static OcspRoutes maintain(OcspResponder responder) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "castellan-ocsp-maintenance");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                responder.maintain();
            } catch (RuntimeException | Error e) {
                log.error("OCSP maintenance failed; retrying", e);
            }
        }, MAINTENANCE_INTERVAL.toMillis(), MAINTENANCE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new OcspRoutes(executor);
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
