package dev.castellan.server;

import dev.castellan.api.aws.AwsJsonEndpoint;
import dev.castellan.api.aws.AwsResponse;
import dev.castellan.api.aws.sigv4.SignedRequest;
import io.javalin.config.JavalinConfig;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the AWS JSON API ({@code POST /}) as a Jetty handler in front of Javalin's servlet context. Issuance and
 * KMS Sign are the server's busiest authenticated paths and their requests need nothing the servlet layer adds:
 * measured with profilers, Javalin's routing took about a third of the server's CPU per IssueCertificate (so this
 * began as a servlet filter), and the servlet request, response and session wrappers a further share of a KMS
 * Sign. Anything that is not a POST to {@code /} goes on to Javalin.
 */
final class AwsHandler extends Handler.Wrapper {
    private final AwsJsonEndpoint endpoint;

    private AwsHandler(AwsJsonEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    static void mount(JavalinConfig c, AwsJsonEndpoint endpoint) {
        c.jetty.modifyServer(server -> server.insertHandler(new AwsHandler(endpoint)));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpURI uri = request.getHttpURI();
        if (!HttpMethod.POST.is(request.getMethod()) || !"/".equals(uri.getPath())) {
            return super.handle(request, response, callback);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>(1)).add(field.getValue());
        }
        byte[] body;
        // One byte past the limit is enough for the endpoint to refuse an oversized body without reading it all.
        try (InputStream in = Request.asInputStream(request)) {
            body = in.readNBytes(AwsJsonEndpoint.MAX_BODY_BYTES + 1);
        }
        // Answered when the operation is done, maybe on the store's answering thread: writing out a response there
        // is quick and does not block (Jetty finishes a partial write when the socket drains), and this thread is free.
        endpoint.handleLater(new SignedRequest(request.getMethod(), uri.getPath(), uri.getQuery(), headers, body))
                .whenComplete((r, failure) -> {
                    if (failure != null) {
                        callback.failed(failure); // the endpoint maps every error itself; this is a bug, and a 500
                    } else {
                        write(r, response, callback);
                    }
                });
        return true;
    }

    private static void write(AwsResponse r, Response response, Callback callback) {
        response.setStatus(r.status());
        HttpFields.Mutable out = response.getHeaders();
        r.headers().forEach(out::put);
        out.put(HttpHeader.CONTENT_LENGTH, r.body().length);
        response.write(true, ByteBuffer.wrap(r.body()), callback);
    }
}
