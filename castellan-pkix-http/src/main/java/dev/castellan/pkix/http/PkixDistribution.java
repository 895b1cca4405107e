package dev.castellan.pkix.http;

import dev.castellan.authority.Authority;
import dev.castellan.authority.crl.PublishedObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The unauthenticated distribution point of CRLs and CA certificates (RFC 5280 §4.2.1.13 CDP, §4.2.2.1 AIA
 * caIssuers) as a plain function from an HTTP GET to a response, so any HTTP server can mount it; the Castellan
 * server mounts it on every {@code GET *.crl} and {@code GET *.crt}. Objects come from the store through the
 * {@link Authority}, so every server sharing a database answers with the newest CRL.
 *
 * <p>Caching: a CRL may be kept {@link #CRL_MAX_AGE_SECONDS} seconds, short enough that a revocation still reaches
 * relying parties behind a cache within Castellan's one-minute target; the ETag is the CRL number.
 */
public final class PkixDistribution {
    /** How long an HTTP cache may serve a CRL without asking again. */
    public static final int CRL_MAX_AGE_SECONDS = 30;
    static final int CERTIFICATE_MAX_AGE_SECONDS = 3600;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Authority authority;

    public PkixDistribution(Authority authority) {
        this.authority = authority;
    }

    /** An HTTP response: status, headers and body. */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public Response {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Answers a GET (or, without the body, a HEAD) of {@code path}.
     *
     * @param ifNoneMatch the request's If-None-Match header, or null
     */
    public Response get(String path, String ifNoneMatch) {
        Optional<PublishedObject> found = authority.publishedObject(path);
        if (found.isEmpty()) {
            return new Response(404, Map.of("Content-Type", "text/plain; charset=utf-8", "Cache-Control", "no-store"),
                    "Not found\n".getBytes(StandardCharsets.UTF_8));
        }
        PublishedObject o = found.get();
        String etag = "\"" + o.etag() + "\"";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", o.contentType());
        headers.put("ETag", etag);
        headers.put("Cache-Control", "public, max-age="
                + (o.contentType().equals(PublishedObject.CRL) ? CRL_MAX_AGE_SECONDS : CERTIFICATE_MAX_AGE_SECONDS));
        if (o.lastModified() != null) {
            headers.put("Last-Modified", httpDate(o.lastModified()));
        }
        if (o.expires() != null) {
            headers.put("Expires", httpDate(o.expires()));
        }
        if (etag.equals(ifNoneMatch)) {
            return new Response(304, headers, new byte[0]);
        }
        return new Response(200, headers, o.content());
    }

    private static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }
}
