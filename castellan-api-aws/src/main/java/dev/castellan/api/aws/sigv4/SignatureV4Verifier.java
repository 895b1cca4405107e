package dev.castellan.api.aws.sigv4;

import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.INCOMPLETE_SIGNATURE;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.INVALID_SIGNATURE;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.MISSING_AUTHENTICATION_TOKEN;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.SIGNATURE_EXPIRED;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.UNRECOGNIZED_CLIENT;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 requests signed in the header form ({@code Authorization: AWS4-HMAC-SHA256
 * Credential=..., SignedHeaders=..., Signature=...}).
 *
 * <p>Design notes (see the AWS IAM guide, "Create a signed AWS API request"):
 *
 * <ul>
 *   <li>Checks run much in the order AWS reports them: algorithm, missing parameters, date format, clock skew,
 *       signed host, credential scope, service, signed headers present, access key, payload hash, signature. So a
 *       client mostly sees the first error AWS would show it, though we class a few scope errors as incomplete
 *       where AWS says invalid.
 *   <li>The canonical request always carries the hash of the body we received. {@code x-amz-content-sha256} is
 *       only cross-checked, and {@code UNSIGNED-PAYLOAD} is never used as the payload hash: for a CA an unsigned
 *       body would let a captured signature carry another CSR.
 *   <li>Path: except for {@code s3}, the raw, already percent-encoded path is normalised as botocore does (empty
 *       and "." segments dropped, ".." resolved) and each segment encoded once more, the SDKs' double encoding.
 *       S3 paths are decoded and encoded once, never normalised.
 *   <li>Query keys and values are percent-decoded to bytes, not strings, and re-encoded per RFC 3986, so an
 *       escape that is not valid UTF-8 survives unchanged.
 *   <li>The expected signature is compared in constant time. The derived key seed holding the secret is wiped;
 *       the array from {@link SecretLookup} is neither changed nor kept beyond a copy beside the key derived from
 *       it.
 *   <li>The signing key of a (key id, day, region, service) is derived once and remembered, with a copy of the
 *       secret it came from; a secret that no longer matches (a rotated key) derives afresh. Deriving is four
 *       HMACs, a measurable share of a request. The memory is bounded and is otherwise the only shared state
 *       ({@link Mac} and {@link MessageDigest} instances are kept per thread), so one verifier serves all threads.
 * </ul>
 */
public final class SignatureV4Verifier {

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String TERMINATOR = "aws4_request";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter BASIC_FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final HexFormat HEX = HexFormat.of();
    private static final String UPPER_HEX = "0123456789ABCDEF";
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method.";

    private final SecretLookup secrets;
    private final InstantSource clock;
    private final Set<String> acceptedServices;
    private final String wrongServiceMessage;
    private final SigningKeys signingKeys = new SigningKeys();

    /**
     * Creates a verifier.
     *
     * @param acceptedServices the service names a credential scope may name, e.g. {@code acm-pca}; not empty
     */
    public SignatureV4Verifier(SecretLookup secrets, InstantSource clock, Set<String> acceptedServices) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.acceptedServices = Set.copyOf(acceptedServices);
        if (this.acceptedServices.isEmpty()) {
            throw new IllegalArgumentException("acceptedServices must name at least one service");
        }
        this.wrongServiceMessage = this.acceptedServices.stream().sorted()
                .collect(Collectors.joining("' or '", "Credential should be scoped to correct service: '", "'."));
    }

    /**
     * Returns the caller whose valid signature {@code request} carries.
     *
     * @throws SignatureV4Exception if the request is unsigned, malformed, stale or wrongly signed
     */
    public VerifiedCaller verify(SignedRequest request) {
        // 1. Nothing that even looks like a signature.
        String authorization = header(request, "authorization");
        String amzDate = header(request, "x-amz-date");
        if (authorization == null && amzDate == null) {
            throw new SignatureV4Exception(MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }

        // 2. Our algorithm first, as another scheme's parameters would only yield confusing complaints; then the
        //    parameters and a date, every missing one reported at once as AWS does.
        String algorithm = authorization == null ? ALGORITHM : splitAtFirstSpace(authorization.strip())[0];
        if (!algorithm.equals(ALGORITHM)) {
            throw incomplete("Unsupported AWS 'algorithm': '" + algorithm + "' (only " + ALGORITHM + " for now).");
        }
        Map<String, String> params = authorization == null ? Map.of() : parameters(authorization);
        String dateValue = amzDate != null ? amzDate : header(request, "date");
        requireParameters(authorization, params, dateValue);

        // 3. Signing time, within 15 minutes of ours either way.
        Instant signedAt = signingTime(amzDate, dateValue);
        String timestamp = amzDate != null && isBasicDate(amzDate) ? amzDate : BASIC_FORMAT.format(signedAt);
        requireFresh(signedAt);

        // 4. Host must be signed: it binds the signature to this endpoint.
        String signedHeaderList = params.get("SignedHeaders");
        List<String> signedHeaders = new ArrayList<>();
        for (String name : signedHeaderList.split(";")) {
            signedHeaders.add(name.strip().toLowerCase(Locale.ROOT));
        }
        if (!signedHeaders.contains("host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        // 5. Credential scope: keyid/date/region/service/aws4_request, dated the signing day, for our service.
        String credential = params.get("Credential");
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || Arrays.asList(scope).contains("")) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        if (!scope[4].equals(TERMINATOR)) {
            throw incomplete("Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
                    + scope[4] + "'.");
        }
        String day = timestamp.substring(0, 8);
        if (!scope[1].equals(day)) {
            throw incomplete("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + scope[1] + "' != '" + day + "', from '" + timestamp + "'.");
        }
        if (!acceptedServices.contains(scope[3])) {
            throw new SignatureV4Exception(INVALID_SIGNATURE, wrongServiceMessage);
        }

        // 6. Every signed header must be there; an absent one cannot have been signed as sent.
        for (String name : signedHeaders) {
            if (request.header(name).isEmpty()) {
                throw incomplete("Signed header '" + name + "' is missing from the request.");
            }
        }

        // 7. A known access key.
        byte[] secret = secrets.secretFor(scope[0]).orElseThrow(() -> new SignatureV4Exception(
                UNRECOGNIZED_CLIENT, "The security token included in the request is invalid."));

        // 8. The payload hash is always ours; a declared one must agree unless it opts out.
        String payloadHash = HEX.formatHex(sha256(request.body()));
        String declaredHash = header(request, "x-amz-content-sha256");
        if (declaredHash != null && !declaredHash.equals(UNSIGNED_PAYLOAD) && !declaredHash.equals(payloadHash)) {
            throw new SignatureV4Exception(INVALID_SIGNATURE,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        // 9. Recompute and compare in constant time.
        String canonicalRequest = String.join("\n", request.method(), canonicalUri(request.rawPath(), scope[3]),
                canonicalQuery(request.rawQuery()), canonicalHeaders(request, signedHeaders), signedHeaderList,
                payloadHash);
        String credentialScope = String.join("/", scope[1], scope[2], scope[3], TERMINATOR);
        String stringToSign = String.join("\n", ALGORITHM, timestamp, credentialScope,
                HEX.formatHex(sha256(canonicalRequest.getBytes(UTF_8))));
        byte[] key = signingKeys.keyFor(scope[0], secret, scope[1], scope[2], scope[3]);
        byte[] expected = HEX.formatHex(hmac(key, stringToSign)).getBytes(US_ASCII);
        if (!MessageDigest.isEqual(expected, params.get("Signature").getBytes(UTF_8))) {
            throw new SignatureV4Exception(INVALID_SIGNATURE, SIGNATURE_MISMATCH);
        }
        return new VerifiedCaller(scope[0], scope[2], scope[3]);
    }

    /** Joins repeated values, as a proxy splitting one header on commas would otherwise break it; null if absent. */
    private static String header(SignedRequest request, String lowercaseName) {
        List<String> values = request.header(lowercaseName);
        return values.isEmpty() ? null : String.join(",", values);
    }

    private static Map<String, String> parameters(String authorization) {
        String[] algorithmAndRest = splitAtFirstSpace(authorization.strip());
        Map<String, String> params = new HashMap<>();
        if (algorithmAndRest.length < 2) {
            return params;
        }
        for (String pair : algorithmAndRest[1].split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int equals = pair.indexOf('=');
            if (equals < 0) {
                throw incomplete("'" + pair.strip() + "' not a valid key=value pair (missing equal-sign) in "
                        + "Authorization header: '" + authorization + "'.");
            }
            String name = pair.substring(0, equals).strip();
            if (params.putIfAbsent(name, pair.substring(equals + 1).strip()) != null) {
                throw incomplete("Authorization header has a duplicate '" + name + "' parameter.");
            }
        }
        return params;
    }

    /** {@code text.split("\\s+", 2)} for a stripped text, without a regular expression. */
    private static String[] splitAtFirstSpace(String text) {
        int i = 0;
        while (i < text.length() && !CanonicalText.isSpace(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return new String[] {text};
        }
        int j = i;
        while (j < text.length() && CanonicalText.isSpace(text.charAt(j))) {
            j++;
        }
        return new String[] {text.substring(0, i), text.substring(j)};
    }

    private static void requireParameters(String authorization, Map<String, String> params, String date) {
        StringBuilder problems = new StringBuilder();
        for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
            if (params.getOrDefault(name, "").isEmpty()) {
                problems.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (date == null) {
            problems.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!problems.isEmpty()) {
            String suffix = authorization == null ? "" : "Authorization=" + authorization;
            throw incomplete((problems + suffix).strip());
        }
    }

    /** Parses X-Amz-Date in ISO-8601 basic format or, when absent, the HTTP Date header. */
    private static Instant signingTime(String amzDate, String date) {
        try {
            if (amzDate != null && isBasicDate(amzDate)) {
                // The form every SDK sends, read without a DateTimeFormatter (a measurable share of each request);
                // LocalDateTime.of still refuses impossible values such as month 13.
                return java.time.LocalDateTime.of(num(amzDate, 0, 4), num(amzDate, 4, 6), num(amzDate, 6, 8),
                        num(amzDate, 9, 11), num(amzDate, 11, 13), num(amzDate, 13, 15)).toInstant(ZoneOffset.UTC);
            }
            return amzDate != null
                    ? BASIC_FORMAT.parse(amzDate, Instant::from)
                    : DateTimeFormatter.RFC_1123_DATE_TIME.parse(date, Instant::from);
        } catch (java.time.DateTimeException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + (amzDate != null ? amzDate : date)
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** {@code [0-9]{8}T[0-9]{6}Z}, the form every SDK sends, checked without a regular expression. */
    private static boolean isBasicDate(String s) {
        if (s.length() != 16 || s.charAt(8) != 'T' || s.charAt(15) != 'Z') {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            char c = s.charAt(i);
            if (i != 8 && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }

    private void requireFresh(Instant signedAt) {
        Instant now = clock.instant();
        String signed = BASIC_FORMAT.format(signedAt);
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw new SignatureV4Exception(SIGNATURE_EXPIRED, "Signature expired: " + signed + " is now earlier than "
                    + BASIC_FORMAT.format(now.minus(MAX_SKEW)) + " (" + BASIC_FORMAT.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw new SignatureV4Exception(SIGNATURE_EXPIRED, "Signature not yet current: " + signed
                    + " is still later than " + BASIC_FORMAT.format(now.plus(MAX_SKEW)) + " (" + BASIC_FORMAT.format(now)
                    + " + 15 min.)");
        }
    }

    private static String canonicalUri(String rawPath, String service) {
        if (service.equals("s3")) {
            return Arrays.stream(rawPath.split("/", -1)).map(segment -> uriEncode(percentDecode(segment)))
                    .collect(Collectors.joining("/", rawPath.startsWith("/") ? "" : "/", ""));
        }
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : rawPath.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(uriEncode(segment.getBytes(UTF_8)));
            }
        }
        String trailing = rawPath.endsWith("/") && !segments.isEmpty() ? "/" : "";
        return "/" + String.join("/", segments) + trailing;
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return ""; // every AWS JSON call
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                pairs.add(Map.entry(uriEncode(percentDecode(name)), uriEncode(percentDecode(value))));
            }
        }
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return pairs.stream().map(pair -> pair.getKey() + "=" + pair.getValue()).collect(Collectors.joining("&"));
    }

    /** Lines of {@code name:value}, each ending in a newline; repeated values joined by commas in order. */
    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder lines = new StringBuilder();
        for (String name : signedHeaders) {
            lines.append(name).append(':');
            List<String> values = request.header(name);
            for (int i = 0; i < values.size(); i++) {
                lines.append(i == 0 ? "" : ",").append(CanonicalText.collapseSpaces(values.get(i).strip()));
            }
            lines.append('\n');
        }
        return lines.toString();
    }

    /** Percent-encodes everything but the RFC 3986 unreserved characters, with uppercase hex. */
    private static String uriEncode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(UPPER_HEX.charAt(c >> 4)).append(UPPER_HEX.charAt(c & 0xf));
            }
        }
        return encoded.toString();
    }

    /** Decodes {@code %XX} escapes to bytes; a {@code %} not followed by two hex digits stays literal. */
    private static byte[] percentDecode(String text) {
        byte[] in = text.getBytes(UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int high = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (low >= 0) {
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    /** Derived signing keys by key id and scope, each beside the secret it was derived from. */
    private static final class SigningKeys {
        /** Far more than the key ids and days one server sees; past it the memory starts over. */
        private static final int MAX_ENTRIES = 1024;

        private record Derived(byte[] secret, byte[] key) {}

        private final Map<String, Derived> byScope = new java.util.concurrent.ConcurrentHashMap<>();

        byte[] keyFor(String accessKeyId, byte[] secret, String date, String region, String service) {
            String scope = accessKeyId + '/' + date + '/' + region + '/' + service;
            Derived derived = byScope.get(scope);
            if (derived != null && MessageDigest.isEqual(derived.secret(), secret)) {
                return derived.key();
            }
            byte[] key = signingKey(secret, date, region, service);
            if (byScope.size() >= MAX_ENTRIES) {
                byScope.clear();
            }
            byScope.put(scope, new Derived(secret.clone(), key));
            return key;
        }
    }

    private static byte[] signingKey(byte[] secret, String date, String region, String service) {
        byte[] seed = new byte[4 + secret.length];
        System.arraycopy("AWS4".getBytes(US_ASCII), 0, seed, 0, 4);
        System.arraycopy(secret, 0, seed, 4, secret.length);
        try {
            return hmac(hmac(hmac(hmac(seed, date), region), service), TERMINATOR);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        Mac mac = MACS.poll();
        if (mac == null) {
            mac = newMac();
        }
        try {
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HmacSHA256 key of any length is valid", e);
        } finally {
            MACS.offer(mac); // doFinal leaves it reset; the key it holds is replaced by the next init
        }
    }

    private static byte[] sha256(byte[] data) {
        MessageDigest digest = DIGESTS.poll();
        if (digest == null) {
            digest = newDigest();
        }
        try {
            return digest.digest(data);
        } finally {
            DIGESTS.offer(digest);
        }
    }

    /*
     * Mac and MessageDigest instances are reused: looking them up through the provider list took about a tenth of a
     * verification. A shared queue rather than one per thread: requests run on virtual threads, a new one each, so a
     * thread-local instance would be made afresh for every request. The queue holds at most as many as were ever in
     * use at once.
     */
    private static final Queue<Mac> MACS = new ConcurrentLinkedQueue<>();
    private static final Queue<MessageDigest> DIGESTS = new ConcurrentLinkedQueue<>();

    private static Mac newMac() {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static SignatureV4Exception incomplete(String message) {
        return new SignatureV4Exception(INCOMPLETE_SIGNATURE, message);
    }
}
