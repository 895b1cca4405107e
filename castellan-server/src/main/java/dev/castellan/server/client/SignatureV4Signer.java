package dev.castellan.server.client;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.castellan.api.aws.sigv4.CanonicalText;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs an HTTP request with AWS Signature Version 4 in the header form, as the AWS SDKs do for the JSON protocols:
 * {@code Authorization: AWS4-HMAC-SHA256 Credential=<id>/<day>/<region>/<service>/aws4_request, SignedHeaders=...,
 * Signature=...}. Written here rather than borrowed from the AWS SDK so that the server's runtime needs no SDK.
 *
 * <p>What is signed: the method, the path (each segment percent-encoded once more, the non-S3 rule), no query,
 * every header the caller passes plus {@code host} and {@code x-amz-date} (and {@code x-amz-security-token} when
 * there is a session token), and the SHA-256 of the body. {@code host} is computed exactly as
 * {@code java.net.http.HttpClient} writes it — the port only when it is not the scheme's default — since the server
 * checks the signature against the header it receives. Safe for concurrent use; the only state is the
 * signing key of the current day.
 */
public final class SignatureV4Signer {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKeyId;
    private final byte[] secret;
    private final String sessionToken;
    private final String region;
    private final String service;
    /** The newest day's derived signing key; replaced, never changed, so racing threads at worst derive twice. */
    private volatile DayKey dayKey;

    public SignatureV4Signer(String accessKeyId, String secretAccessKey, String sessionToken, String region,
            String service) {
        this.accessKeyId = accessKeyId;
        this.secret = ("AWS4" + secretAccessKey).getBytes(UTF_8);
        this.sessionToken = sessionToken;
        this.region = region;
        this.service = service;
    }

    /**
     * The headers to send, in addition to {@code headers}, so that the request is signed: {@code x-amz-date},
     * {@code x-amz-security-token} if any, and {@code authorization}.
     *
     * @param headers the headers the request will carry and that must be signed (names in any case), without host
     */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body, Instant now) {
        String stamp = STAMP.format(now);
        String day = stamp.substring(0, 8);
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((k, v) -> signed.put(k.toLowerCase(Locale.ROOT), CanonicalText.collapseSpaces(v.strip())));
        signed.put("host", host(uri));
        signed.put("x-amz-date", stamp);
        if (sessionToken != null) {
            signed.put("x-amz-security-token", sessionToken);
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        String canonicalRequest = String.join("\n", method, canonicalPath(uri.getRawPath()), "",
                canonicalHeaders.toString(), signedHeaders, HEX.formatHex(sha256(body)));
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", ALGORITHM, stamp, scope,
                HEX.formatHex(sha256(canonicalRequest.getBytes(UTF_8))));
        byte[] key = signingKey(day);
        String signature = HEX.formatHex(hmac(key, stringToSign));

        Map<String, String> out = new LinkedHashMap<>();
        out.put("x-amz-date", stamp);
        if (sessionToken != null) {
            out.put("x-amz-security-token", sessionToken);
        }
        out.put("authorization", ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ", SignedHeaders="
                + signedHeaders + ", Signature=" + signature);
        return out;
    }

    /** The key of one signing day, derived once: four HMACs that would otherwise be a large part of each call. */
    private byte[] signingKey(String day) {
        DayKey current = dayKey;
        if (current == null || !current.day().equals(day)) {
            current = new DayKey(day, hmac(hmac(hmac(hmac(secret, day), region), service), "aws4_request"));
            dayKey = current;
        }
        return current.key();
    }

    private record DayKey(String day, byte[] key) {}

    /** The Host header java.net.http writes for this URI. */
    static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || port == ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
        return defaultPort ? uri.getHost() : uri.getHost() + ":" + port;
    }

    /** The canonical URI of a non-S3 service: the raw (already encoded) segments, each encoded once more. */
    static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        String path = String.join("/", segments);
        return path.startsWith("/") ? path : "/" + path;
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, upper-case hex. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(HexFormat.of().withUpperCase().toHexDigits(c));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
