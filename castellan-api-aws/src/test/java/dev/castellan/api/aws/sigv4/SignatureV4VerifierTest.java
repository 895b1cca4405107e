package dev.castellan.api.aws.sigv4;

import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.INCOMPLETE_SIGNATURE;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.INVALID_SIGNATURE;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.MISSING_AUTHENTICATION_TOKEN;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.SIGNATURE_EXPIRED;
import static dev.castellan.api.aws.sigv4.SignatureV4Exception.Kind.UNRECOGNIZED_CLIENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SignatureV4VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:30:00Z");
    private static final String ACCESS_KEY = "AKIDCASTELLANTEST";
    private static final String SECRET = "castellanTestSecret/K7MDENG+bPxRfiCYEXAMPLE";
    private static final String TARGET = "ACMPrivateCA.DescribeCertificateAuthority";
    private static final String JSON = "{\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:111122223333:"
            + "certificate-authority/11223344-1234-1122-2233-112233445566\"}";
    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    // The key pair, time and scope of AWS's published SigV4 examples and test suite.
    private static final String EXAMPLE_KEY = "AKIDEXAMPLE";
    private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant EXAMPLE_TIME = Instant.parse("2015-08-30T12:36:00Z");

    private final SignatureV4Verifier verifier = verifierAt(NOW, Set.of("acm-pca"));

    // --- the test signer against AWS's documentation --------------------------------------------------------

    @Test
    void testSigner_iamDocumentedExample_producesPublishedSignature() {
        Draft draft = iamExample().sign();

        assertThat(draft.headers.get("Authorization")).isEqualTo("AWS4-HMAC-SHA256 "
                + "Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    // --- published vectors, independent of the test signer --------------------------------------------------

    @Test
    void verify_iamDocumentedExample_accepts() {
        SignatureV4Verifier iam = new SignatureV4Verifier(
                secrets(EXAMPLE_KEY, EXAMPLE_SECRET), InstantSource.fixed(EXAMPLE_TIME), Set.of("iam"));
        SignedRequest request = new SignedRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", Map.of(
                "Host", List.of("iam.amazonaws.com"),
                "Content-Type", List.of("application/x-www-form-urlencoded; charset=utf-8"),
                "X-Amz-Date", List.of("20150830T123600Z"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                        + "SignedHeaders=content-type;host;x-amz-date, "
                        + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")), null);

        assertThat(iam.verify(request)).isEqualTo(new VerifiedCaller(EXAMPLE_KEY, "us-east-1", "iam"));
    }

    /** Requests and signatures from awslabs/aws-c-auth tests/aws-signing-test-suite/v4, header form. */
    static Stream<Arguments> awsTestSuite() {
        List<String> base = List.of("Host:example.amazonaws.com", "X-Amz-Date:20150830T123600Z");
        return Stream.of(
                vector("get-vanilla", "GET", "/", "", base, "", "host;x-amz-date",
                        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                vector("get-vanilla-query-order-key-case", "GET", "/", "Param2=value2&Param1=value1", base, "",
                        "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
                vector("get-vanilla-query-order-encoded", "GET", "/", "Param-3=Value3&Param=Value2&%E1%88%B4=Value1",
                        base, "", "host;x-amz-date", "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac"),
                vector("get-vanilla-query-unreserved", "GET", "/",
                        "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
                        base, "", "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
                vector("get-header-value-trim", "GET", "/", "",
                        with(base, "My-Header1: value1", "My-Header2: \"a   b   c\""), "",
                        "host;my-header1;my-header2;x-amz-date",
                        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
                vector("get-header-key-duplicate", "GET", "/", "",
                        with(base, "My-Header1:value2", "My-Header1:value2", "My-Header1:value1"), "",
                        "host;my-header1;x-amz-date", "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
                vector("get-slashes-normalized", "GET", "//example//", "", base, "", "host;x-amz-date",
                        "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
                vector("get-relative-relative-normalized", "GET", "/example1/example2/../..", "", base, "",
                        "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
                vector("get-vanilla-with-session-token", "GET", "/", "",
                        with(base, "X-Amz-Security-Token:6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
                        "", "host;x-amz-date;x-amz-security-token",
                        "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
                vector("post-vanilla", "POST", "/", "", base, "", "host;x-amz-date",
                        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
                vector("post-x-www-form-urlencoded", "POST", "/", "",
                        with(base, "Content-Type:application/x-www-form-urlencoded", "Content-Length:13",
                                "x-amz-content-sha256:9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
                        "Param1=value1", "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                        "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("awsTestSuite")
    void verify_awsTestSuiteVector_accepts(String vector, SignedRequest request) {
        SignatureV4Verifier suite = new SignatureV4Verifier(
                secrets(EXAMPLE_KEY, EXAMPLE_SECRET), InstantSource.fixed(EXAMPLE_TIME), Set.of("service"));

        assertThat(suite.verify(request)).isEqualTo(new VerifiedCaller(EXAMPLE_KEY, "us-east-1", "service"));
    }

    // --- accepted requests ----------------------------------------------------------------------------------

    @Test
    void verify_signedJsonPost_returnsCaller() {
        assertThat(verifier.verify(new Draft().sign().request()))
                .isEqualTo(new VerifiedCaller(ACCESS_KEY, "us-east-1", "acm-pca"));
    }

    @Test
    void verify_secretRotatedUnderTheSameKeyId_oldSignatureRefusedNewAccepted() {
        // The verifier remembers the signing key it derived; a new secret for the same key id must not reuse it.
        String[] current = {SECRET};
        SignatureV4Verifier rotating = new SignatureV4Verifier(
                id -> id.equals(ACCESS_KEY) ? Optional.of(current[0].getBytes(UTF_8)) : Optional.empty(),
                InstantSource.fixed(NOW), Set.of("acm-pca"));
        SignedRequest old = new Draft().sign().request();
        assertThat(rotating.verify(old).accessKeyId()).isEqualTo(ACCESS_KEY);
        assertThat(rotating.verify(old).accessKeyId()).isEqualTo(ACCESS_KEY);

        current[0] = "rotatedSecret/K7MDENG+bPxRfiCYEXAMPLE";
        assertThat(rejected(rotating, old).kind()).isEqualTo(SignatureV4Exception.Kind.INVALID_SIGNATURE);
        Draft fresh = new Draft();
        fresh.secret = current[0];
        assertThat(rotating.verify(fresh.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @ParameterizedTest
    @ValueSource(ints = {-15, -14, 14, 15})
    void verify_dateWithinFifteenMinutes_accepts(int minutesOff) {
        Draft draft = new Draft();
        draft.signedAt = NOW.plus(Duration.ofMinutes(minutesOff));

        assertThat(verifier.verify(draft.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_dateHeaderInsteadOfAmzDate_accepts() {
        Draft draft = new Draft();
        draft.useHttpDate = true;

        assertThat(verifier.verify(draft.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_unsignedSecurityTokenPresent_ignoresIt() {
        Draft draft = new Draft().sign();
        draft.headers.put("X-Amz-Security-Token", "session-token-we-do-not-issue");

        assertThat(verifier.verify(draft.request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_contentHashHeaderMatchingBody_accepts() {
        Draft draft = new Draft();
        draft.headers.put("X-Amz-Content-Sha256", sha256Hex(JSON.getBytes(UTF_8)));

        assertThat(verifier.verify(draft.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_unsignedPayloadDeclaredButBodySigned_accepts() {
        Draft draft = new Draft();
        draft.headers.put("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");

        assertThat(verifier.verify(draft.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_percentEncodedPath_acceptsSignatureOverDoubleEncodedPath() {
        Draft draft = new Draft();
        draft.path = "/certificate%20authorities/ca%2F1";
        draft.canonicalPath = "/certificate%2520authorities/ca%252F1";

        assertThat(verifier.verify(draft.sign().request()).accessKeyId()).isEqualTo(ACCESS_KEY);
    }

    @Test
    void verify_percentEncodedPathForS3_acceptsSignatureOverSinglyEncodedPath() {
        Draft draft = new Draft();
        draft.service = "s3";
        draft.path = "/bucket/a%20b/./c";
        draft.canonicalPath = "/bucket/a%20b/./c";

        SignatureV4Verifier s3 = verifierAt(NOW, Set.of("s3"));
        assertThat(s3.verify(draft.sign().request()).service()).isEqualTo("s3");
    }

    // --- tampered or wrongly signed requests ----------------------------------------------------------------

    @Test
    void verify_bodyChanged_rejectsAsInvalidSignature() {
        Draft draft = new Draft().sign();
        draft.body = JSON.replace("11223344", "99999999");

        SignatureV4Exception rejection = rejected(verifier, draft.request());
        assertThat(rejection.kind()).isEqualTo(INVALID_SIGNATURE);
        assertThat(rejection).hasMessage("The request signature we calculated does not match the signature you "
                + "provided. Check your AWS Secret Access Key and signing method.");
    }

    @Test
    void verify_targetHeaderChanged_rejectsAsInvalidSignature() {
        Draft draft = new Draft().sign();
        draft.headers.put("X-Amz-Target", "ACMPrivateCA.DeleteCertificateAuthority");

        assertThat(rejected(verifier, draft.request()).kind()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void verify_pathChanged_rejectsAsInvalidSignature() {
        Draft draft = new Draft().sign();
        draft.path = "/other";

        assertThat(rejected(verifier, draft.request()).kind()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void verify_queryAdded_rejectsAsInvalidSignature() {
        Draft draft = new Draft().sign();
        draft.query = "Action=DeleteCertificateAuthority";

        assertThat(rejected(verifier, draft.request()).kind()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void verify_wrongSecret_rejectsAsInvalidSignature() {
        Draft draft = new Draft();
        draft.secret = "not" + SECRET;

        assertThat(rejected(verifier, draft.sign().request()).kind()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void verify_contentHashHeaderNotMatchingBody_rejectsAsInvalidSignature() {
        Draft draft = new Draft();
        draft.headers.put("X-Amz-Content-Sha256", sha256Hex(new byte[0]));

        SignatureV4Exception rejection = rejected(verifier, draft.sign().request());
        assertThat(rejection.kind()).isEqualTo(INVALID_SIGNATURE);
        assertThat(rejection).hasMessageContaining("x-amz-content-sha256");
    }

    @Test
    void verify_unsignedPayloadUsedAsPayloadHash_rejectsAsInvalidSignature() {
        Draft draft = new Draft();
        draft.headers.put("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
        draft.payloadHash = "UNSIGNED-PAYLOAD";

        assertThat(rejected(verifier, draft.sign().request()).kind()).isEqualTo(INVALID_SIGNATURE);
    }

    @Test
    void verify_serviceNotAccepted_rejectsAsInvalidSignatureNamingService() {
        Draft draft = new Draft();
        draft.service = "acm";

        SignatureV4Exception rejection = rejected(verifier, draft.sign().request());
        assertThat(rejection.kind()).isEqualTo(INVALID_SIGNATURE);
        assertThat(rejection).hasMessage("Credential should be scoped to correct service: 'acm-pca'.");
    }

    @Test
    void verify_unknownAccessKey_rejectsAsUnrecognizedClient() {
        Draft draft = new Draft();
        draft.accessKey = "AKIDUNKNOWN";

        SignatureV4Exception rejection = rejected(verifier, draft.sign().request());
        assertThat(rejection.kind()).isEqualTo(UNRECOGNIZED_CLIENT);
        assertThat(rejection).hasMessage("The security token included in the request is invalid.");
    }

    // --- stale requests -------------------------------------------------------------------------------------

    @Test
    void verify_dateSixteenMinutesPast_rejectsAsExpired() {
        Draft draft = new Draft();
        draft.signedAt = NOW.minus(Duration.ofMinutes(16));

        SignatureV4Exception rejection = rejected(verifier, draft.sign().request());
        assertThat(rejection.kind()).isEqualTo(SIGNATURE_EXPIRED);
        assertThat(rejection).hasMessage(
                "Signature expired: 20261128T101400Z is now earlier than 20261128T101500Z (20261128T103000Z - 15 min.)");
    }

    @Test
    void verify_dateSixteenMinutesFuture_rejectsAsExpired() {
        Draft draft = new Draft();
        draft.signedAt = NOW.plus(Duration.ofMinutes(16));

        SignatureV4Exception rejection = rejected(verifier, draft.sign().request());
        assertThat(rejection.kind()).isEqualTo(SIGNATURE_EXPIRED);
        assertThat(rejection).hasMessage("Signature not yet current: 20261128T104600Z is still later than "
                + "20261128T104500Z (20261128T103000Z + 15 min.)");
    }

    // --- unsigned or malformed requests ---------------------------------------------------------------------

    @Test
    void verify_noAuthorizationNoDate_rejectsAsMissingAuthenticationToken() {
        Draft draft = new Draft().sign();
        draft.headers.remove("Authorization");
        draft.headers.remove("X-Amz-Date");

        SignatureV4Exception rejection = rejected(verifier, draft.request());
        assertThat(rejection.kind()).isEqualTo(MISSING_AUTHENTICATION_TOKEN);
        assertThat(rejection).hasMessage("Missing Authentication Token");
    }

    @Test
    void verify_dateWithoutAuthorization_rejectsAsIncompleteSignature() {
        Draft draft = new Draft().sign();
        draft.headers.remove("Authorization");

        assertThat(rejected(verifier, draft.request()).kind()).isEqualTo(INCOMPLETE_SIGNATURE);
    }

    @Test
    void verify_missingCredential_namesParameterAndEchoesHeaderLikeAws() {
        Draft draft = new Draft().sign();
        draft.editAuthorization(a -> a.replaceFirst("Credential=[^,]*, ", ""));

        assertThat(rejected(verifier, draft.request())).hasMessage(
                "Authorization header requires 'Credential' parameter. Authorization=" + draft.headers.get("Authorization"));
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                malformed("missingCredential", "requires 'Credential' parameter",
                        d -> d.editAuthorization(a -> a.replaceFirst("Credential=[^,]*, ", ""))),
                malformed("missingSignedHeaders", "requires 'SignedHeaders' parameter",
                        d -> d.editAuthorization(a -> a.replaceFirst("SignedHeaders=[^,]*, ", ""))),
                malformed("missingSignature", "requires 'Signature' parameter",
                        d -> d.editAuthorization(a -> a.replaceFirst(", Signature=.*", ""))),
                malformed("emptySignature", "requires 'Signature' parameter",
                        d -> d.editAuthorization(a -> a.replaceFirst("Signature=.*", "Signature="))),
                malformed("unsupportedAlgorithm", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512'",
                        d -> d.editAuthorization(a -> a.replace("HMAC-SHA256", "HMAC-SHA512"))),
                malformed("notSigV4", "Unsupported AWS 'algorithm': 'Bearer'",
                        d -> d.headers.put("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9")),
                malformed("parameterWithoutEquals", "missing equal-sign",
                        d -> d.editAuthorization(a -> a.replace("Signature=", "Signature"))),
                malformed("duplicateSignature", "duplicate 'Signature'",
                        d -> d.editAuthorization(a -> a + ", Signature=" + "0".repeat(64))),
                malformed("credentialWithFourElements", "exactly 5 slash-delimited elements",
                        d -> d.editAuthorization(a -> a.replace("/aws4_request", ""))),
                malformed("credentialWithEmptyRegion", "exactly 5 slash-delimited elements",
                        d -> d.editAuthorization(a -> a.replace("/us-east-1/", "//"))),
                malformed("credentialWithWrongTerminator", "valid terminator: 'aws4_request', not 'aws5_request'",
                        d -> d.editAuthorization(a -> a.replace("aws4_", "aws5_"))),
                malformed("scopeDateNotSigningDay", "'20261127' != '20261128', from '20261128T103000Z'",
                        d -> d.editAuthorization(a -> a.replace("/20261128/", "/20261127/"))),
                malformed("hostNotSigned", "'Host' or ':authority' must be a 'SignedHeader'",
                        d -> d.editAuthorization(a -> a.replace(";host;", ";"))),
                malformed("signedHeaderAbsent", "'x-amz-target' is missing",
                        d -> d.headers.remove("X-Amz-Target")),
                malformed("signedSecurityTokenAbsent", "'x-amz-security-token' is missing", d -> {
                    d.headers.put("X-Amz-Security-Token", "token");
                    d.sign();
                    d.headers.remove("X-Amz-Security-Token");
                }),
                malformed("noDateHeader", "either a 'X-Amz-Date' or a 'Date' header",
                        d -> d.headers.remove("X-Amz-Date")),
                malformed("dateNotBasicFormat", "Got '2026-11-28T10:30:00Z'",
                        d -> d.headers.put("X-Amz-Date", "2026-11-28T10:30:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void verify_malformedRequest_rejectsAsIncompleteSignature(String defect, String reason, Consumer<Draft> breakIt) {
        Draft draft = new Draft().sign();
        breakIt.accept(draft);

        SignatureV4Exception rejection = rejected(verifier, draft.request());
        assertThat(rejection.kind()).isEqualTo(INCOMPLETE_SIGNATURE);
        assertThat(rejection).hasMessageContaining(reason);
    }

    // --- construction and request normalisation -------------------------------------------------------------

    @Test
    void constructor_noAcceptedServices_throws() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SignatureV4Verifier(secrets(ACCESS_KEY, SECRET), InstantSource.fixed(NOW), Set.of()));
    }

    @Test
    void signedRequest_headerNamesDifferingInCase_mergesValuesUnderLowercaseName() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("My-Header", List.of("a"));
        headers.put("MY-HEADER", List.of("b"));

        SignedRequest request = new SignedRequest("GET", "/", null, headers, null);

        assertThat(request.headers()).containsExactly(Map.entry("my-header", List.of("a", "b")));
        assertThat(request.rawQuery()).isEmpty();
        assertThat(request.body()).isEmpty();
    }

    // --- fixtures -------------------------------------------------------------------------------------------

    /**
     * A request and its signing inputs; tests change one thing before or after {@link #sign()}. The signer is
     * written from the AWS documentation and takes path and query already canonical, so it shares no
     * canonicalisation code with the verifier.
     */
    static final class Draft {
        String method = "POST";
        String path = "/";
        String canonicalPath;
        String query = "";
        final Map<String, String> headers = new LinkedHashMap<>();
        String body = JSON;
        String payloadHash;
        Instant signedAt = NOW;
        boolean useHttpDate;
        String accessKey = ACCESS_KEY;
        String secret = SECRET;
        String region = "us-east-1";
        String service = "acm-pca";

        Draft() {
            headers.put("Host", "acm-pca.us-east-1.amazonaws.com");
            headers.put("Content-Type", "application/x-amz-json-1.1");
            headers.put("X-Amz-Target", TARGET);
        }

        /** Adds the date header and signs every header present. */
        Draft sign() {
            String timestamp = BASIC.format(signedAt);
            if (useHttpDate) {
                headers.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(signedAt.atOffset(ZoneOffset.UTC)));
            } else {
                headers.put("X-Amz-Date", timestamp);
            }
            headers.remove("Authorization");
            Map<String, String> canonical = new TreeMap<>();
            headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), value.trim()));
            StringBuilder canonicalHeaders = new StringBuilder();
            canonical.forEach((name, value) -> canonicalHeaders.append(name).append(':').append(value).append('\n'));
            String signedHeaders = String.join(";", canonical.keySet());
            String canonicalRequest = String.join("\n", method, canonicalPath != null ? canonicalPath : path, query,
                    canonicalHeaders.toString(), signedHeaders,
                    payloadHash != null ? payloadHash : sha256Hex(body.getBytes(UTF_8)));
            String scope = timestamp.substring(0, 8) + "/" + region + "/" + service + "/aws4_request";
            String stringToSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n"
                    + sha256Hex(canonicalRequest.getBytes(UTF_8));
            byte[] key = hmac(("AWS4" + secret).getBytes(UTF_8), timestamp.substring(0, 8));
            for (String part : List.of(region, service, "aws4_request")) {
                key = hmac(key, part);
            }
            headers.put("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders="
                    + signedHeaders + ", Signature=" + HexFormat.of().formatHex(hmac(key, stringToSign)));
            return this;
        }

        void editAuthorization(UnaryOperator<String> edit) {
            headers.put("Authorization", edit.apply(headers.get("Authorization")));
        }

        SignedRequest request() {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            headers.forEach((name, value) -> multi.put(name, List.of(value)));
            return new SignedRequest(method, path, query, multi, body.getBytes(UTF_8));
        }
    }

    private static Draft iamExample() {
        Draft draft = new Draft();
        draft.method = "GET";
        draft.query = "Action=ListUsers&Version=2010-05-08";
        draft.headers.clear();
        draft.headers.put("Host", "iam.amazonaws.com");
        draft.headers.put("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
        draft.body = "";
        draft.signedAt = EXAMPLE_TIME;
        draft.accessKey = EXAMPLE_KEY;
        draft.secret = EXAMPLE_SECRET;
        draft.service = "iam";
        return draft;
    }

    private static Arguments vector(String name, String method, String path, String query, List<String> headerLines,
            String body, String signedHeaders, String signature) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon), n -> new ArrayList<>()).add(line.substring(colon + 1));
        }
        headers.put("Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws4_request, SignedHeaders=" + signedHeaders + ", Signature=" + signature));
        return Arguments.of(name, new SignedRequest(method, path, query, headers, body.getBytes(UTF_8)));
    }

    private static List<String> with(List<String> base, String... more) {
        return Stream.concat(base.stream(), Stream.of(more)).toList();
    }

    private static Arguments malformed(String defect, String reason, Consumer<Draft> breakIt) {
        return Arguments.of(defect, reason, breakIt);
    }

    private static SignatureV4Verifier verifierAt(Instant now, Set<String> services) {
        return new SignatureV4Verifier(secrets(ACCESS_KEY, SECRET), InstantSource.fixed(now), services);
    }

    private static SecretLookup secrets(String accessKey, String secret) {
        return id -> id.equals(accessKey) ? Optional.of(secret.getBytes(UTF_8)) : Optional.empty();
    }

    private static SignatureV4Exception rejected(SignatureV4Verifier verifier, SignedRequest request) {
        Throwable thrown = catchThrowable(() -> verifier.verify(request));
        assertThat(thrown).isInstanceOf(SignatureV4Exception.class);
        return (SignatureV4Exception) thrown;
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
