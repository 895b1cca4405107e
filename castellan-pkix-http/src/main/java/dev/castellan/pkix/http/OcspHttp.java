package dev.castellan.pkix.http;

import dev.castellan.authority.ocsp.OcspReply;
import dev.castellan.authority.ocsp.OcspResponder;
import dev.castellan.core.ocsp.OcspRequest;
import dev.castellan.core.ocsp.OcspResponseStatus;
import dev.castellan.core.ocsp.OcspResponses;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP responder over HTTP (RFC 6960 Appendix A, RFC 5019 §5–6) as a plain function, so any HTTP server can
 * mount it; the Castellan server mounts it at {@code /ocsp/<CA-ID>}, the URL the AIA of issued certificates carries.
 *
 * <ul>
 *   <li>{@code POST /ocsp/<CA-ID>} with the DER request as body ({@code application/ocsp-request}; the content type
 *   is not insisted on, as several clients omit it).</li>
 *   <li>{@code GET /ocsp/<CA-ID>/<request>}: the DER request in base64, URL-encoded ({@code %2F}, {@code %2B},
 *   {@code %3D}) or not; the URL-safe alphabet and missing padding are accepted too. The raw (undecoded) path must be
 *   given, since a base64 {@code /} is part of the request.</li>
 * </ul>
 *
 * Every answer is HTTP 200 with an {@code application/ocsp-response}, including {@code malformedRequest} and
 * {@code unauthorized} (an unknown CA id); never a 4xx or 5xx for a request that reached it. A successful GET answer
 * without nonce carries the caching headers of RFC 5019 §6.2 ({@code Last-Modified} = thisUpdate,
 * {@code Expires} = nextUpdate, {@code ETag}, {@code Cache-Control: max-age=<until nextUpdate>, public,
 * no-transform, must-revalidate}) and honours {@code If-None-Match} with 304; POST answers carry none (POST
 * responses are not cached by HTTP caches), errors say {@code no-store}.
 */
public final class OcspHttp {
    public static final String PATH = "/ocsp/";
    public static final String RESPONSE_TYPE = "application/ocsp-response";
    /** The largest POST body worth reading: a request beyond {@code OcspRequest.MAX_BYTES} is malformed anyway. */
    public static final int MAX_BODY_BYTES = OcspRequest.MAX_BYTES;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int UUID_LENGTH = 36;

    private static final Logger log = LoggerFactory.getLogger(OcspHttp.class);

    private final OcspResponder responder;
    private final InstantSource clock;

    public OcspHttp(OcspResponder responder, InstantSource clock) {
        this.responder = responder;
        this.clock = clock;
    }

    /**
     * Answers one HTTP request.
     *
     * @param rawPath the request path as sent, not percent-decoded
     * @param headers the request headers (names in any case)
     */
    public PkixDistribution.Response handle(String method, String rawPath, Map<String, String> headers, byte[] body) {
        try {
            return answer(method, rawPath, headers, body);
        } catch (RuntimeException e) {
            // The responder reports its own failures as internalError; this only guards the HTTP glue itself.
            log.error("OCSP request {} {} failed", method, rawPath, e);
            return error(OcspResponseStatus.INTERNAL_ERROR);
        }
    }

    private PkixDistribution.Response answer(String method, String rawPath, Map<String, String> headers, byte[] body) {
        int at = rawPath == null ? -1 : rawPath.indexOf(PATH);
        if (at < 0) {
            return error(OcspResponseStatus.UNAUTHORIZED);
        }
        String rest = rawPath.substring(at + PATH.length());
        Optional<UUID> ca = caId(rest);
        if (ca.isEmpty()) {
            return error(OcspResponseStatus.UNAUTHORIZED);
        }
        String tail = rest.substring(UUID_LENGTH);
        if ("POST".equals(method)) {
            if (!tail.isEmpty() && !tail.equals("/")) {
                return error(OcspResponseStatus.MALFORMED_REQUEST);
            }
            return post(responder.respond(ca.get(), body));
        }
        if (!"GET".equals(method) || !tail.startsWith("/") || tail.length() == 1) {
            return error(OcspResponseStatus.MALFORMED_REQUEST);
        }
        byte[] der = decodeGetRequest(tail.substring(1));
        if (der == null) {
            return error(OcspResponseStatus.MALFORMED_REQUEST);
        }
        return get(responder.respond(ca.get(), der), header(headers, "If-None-Match"));
    }

    private PkixDistribution.Response get(OcspReply reply, String ifNoneMatch) {
        OcspReply.Freshness f = reply.freshness();
        if (f == null) {
            return post(reply);
        }
        Instant now = clock.instant();
        long maxAge = Math.max(0, Duration.between(now, f.nextUpdate()).toSeconds());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", RESPONSE_TYPE);
        headers.put("Last-Modified", HTTP_DATE.format(f.thisUpdate()));
        headers.put("Expires", HTTP_DATE.format(f.nextUpdate()));
        headers.put("ETag", f.etag());
        headers.put("Cache-Control", "max-age=" + maxAge + ", public, no-transform, must-revalidate");
        if (ifNoneMatch != null && matches(ifNoneMatch, f.etag())) {
            headers.remove("Content-Type");
            return new PkixDistribution.Response(304, headers, new byte[0]);
        }
        return new PkixDistribution.Response(200, headers, reply.der());
    }

    private static PkixDistribution.Response post(OcspReply reply) {
        if (reply.status() != OcspResponseStatus.SUCCESSFUL) {
            return new PkixDistribution.Response(200, Map.of("Content-Type", RESPONSE_TYPE, "Cache-Control", "no-store"),
                    reply.der());
        }
        return new PkixDistribution.Response(200, Map.of("Content-Type", RESPONSE_TYPE), reply.der());
    }

    private static PkixDistribution.Response error(OcspResponseStatus status) {
        return new PkixDistribution.Response(200, Map.of("Content-Type", RESPONSE_TYPE, "Cache-Control", "no-store"),
                OcspResponses.error(status));
    }

    /** The CA id at the start of {@code rest}, in canonical lowercase form, followed by nothing or a slash. */
    private static Optional<UUID> caId(String rest) {
        if (rest.length() < UUID_LENGTH || (rest.length() > UUID_LENGTH && rest.charAt(UUID_LENGTH) != '/')) {
            return Optional.empty();
        }
        String text = rest.substring(0, UUID_LENGTH);
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equals(text) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Percent-decodes (a {@code +} stays a {@code +}: it is base64, not a form) and base64-decodes; null if invalid. */
    static byte[] decodeGetRequest(String encoded) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (lo < 0) {
                    return null;
                }
                text.write(hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                text.write(c);
            } else {
                return null;
            }
        }
        String b64 = text.toString(java.nio.charset.StandardCharsets.US_ASCII);
        boolean urlSafe = b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0;
        try {
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(b64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String header(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }
}
