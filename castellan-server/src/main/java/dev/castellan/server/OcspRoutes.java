package dev.castellan.server;

import dev.castellan.authority.ocsp.OcspResponder;
import dev.castellan.pkix.http.OcspHttp;
import dev.castellan.pkix.http.PkixDistribution;
import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Mounts the OCSP responder ({@code GET /ocsp/<CA-ID>/<base64 request>}, {@code POST /ocsp/<CA-ID>}) in the server
 * and runs its maintenance — the poll for revocations made by other servers, responder renewal — every
 * {@link #MAINTENANCE_INTERVAL} on one background thread.
 *
 * <p>The responder is a servlet filter on {@code /ocsp/*} in Javalin's servlet context rather than a Javalin route:
 * pre-signed answers are the hottest path of the server, and Javalin's per-request route regexes (a base64 request
 * is ~150 characters), path-parameter decoding and result stream cost more than the answer itself (measured: about
 * a quarter of the CPU of a pre-signed GET). Other methods fall through to Javalin, which answers 404/405.
 */
final class OcspRoutes {
    /** A revocation made by another server sharing the database reaches this one's OCSP answers within about this. */
    static final Duration MAINTENANCE_INTERVAL = Duration.ofSeconds(1);

    private OcspRoutes() {}

    static void mount(JavalinConfig c, OcspHttp ocsp) {
        c.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new OcspFilter(ocsp)),
                OcspHttp.PATH + "*", EnumSet.of(DispatcherType.REQUEST)));
    }

    /** Answers GET and POST under {@code /ocsp/}; lets anything else through. */
    private record OcspFilter(OcspHttp ocsp) implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest req = (HttpServletRequest) request;
            String method = req.getMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                chain.doFilter(request, response);
                return;
            }
            String ifNoneMatch = req.getHeader("If-None-Match");
            Map<String, String> headers = ifNoneMatch == null ? Map.of() : Map.of("If-None-Match", ifNoneMatch);
            // Bounded: OcspRequest refuses more than 16 KiB anyway, so read one byte past that at most.
            byte[] body = method.equals("POST") ? req.getInputStream().readNBytes(OcspHttp.MAX_BODY_BYTES + 1) : new byte[0];
            PkixDistribution.Response r = ocsp.handle(method, req.getRequestURI(), headers, body);
            HttpServletResponse res = (HttpServletResponse) response;
            res.setStatus(r.status());
            r.headers().forEach(res::setHeader);
            res.setContentLength(r.body().length);
            res.getOutputStream().write(r.body());
        }
    }

    /** Starts the periodic maintenance of the responder; closing the task stops it. */
    static BackgroundTask maintain(OcspResponder responder) {
        return BackgroundTask.every("castellan-ocsp-maintenance", MAINTENANCE_INTERVAL, MAINTENANCE_INTERVAL,
                Duration.ofSeconds(10), responder::maintain);
    }
}
