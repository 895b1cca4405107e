package dev.castellan.server;

import dev.castellan.api.aws.AwsJsonEndpoint;
import dev.castellan.api.aws.AwsResponse;
import dev.castellan.api.aws.sigv4.SignedRequest;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;

/**
 * Serves the AWS JSON API ({@code POST /}) as a servlet filter ahead of Javalin's router. Issuance is the
 * server's busiest authenticated path and its requests need nothing Javalin adds: measured with JFR, Javalin's
 * routing and result handling took about a third of the server's CPU per IssueCertificate. Anything that is not
 * a POST to {@code /} falls through to Javalin.
 */
final class AwsFilter implements Filter {
    private final AwsJsonEndpoint endpoint;

    private AwsFilter(AwsJsonEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    static void mount(JavalinConfig c, AwsJsonEndpoint endpoint) {
        c.jetty.modifyServletContextHandler(h -> h.addFilter(new FilterHolder(new AwsFilter(endpoint)), "/*",
                EnumSet.of(DispatcherType.REQUEST)));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest req = (HttpServletRequest) request;
        if (!req.getMethod().equals("POST") || !req.getRequestURI().equals("/")) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name, new ArrayList<>(Collections.list(req.getHeaders(name))));
        }
        // One byte past the limit is enough for the endpoint to refuse an oversized body without reading it all.
        byte[] body = req.getInputStream().readNBytes(AwsJsonEndpoint.MAX_BODY_BYTES + 1);
        AwsResponse r = endpoint.handle(new SignedRequest(req.getMethod(), req.getRequestURI(), req.getQueryString(),
                headers, body));
        HttpServletResponse res = (HttpServletResponse) response;
        res.setStatus(r.status());
        r.headers().forEach(res::setHeader);
        res.setContentLength(r.body().length);
        res.getOutputStream().write(r.body());
    }
}
