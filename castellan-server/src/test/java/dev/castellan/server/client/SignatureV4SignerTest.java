package dev.castellan.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.api.aws.sigv4.SignatureV4Verifier;
import dev.castellan.api.aws.sigv4.SignedRequest;
import dev.castellan.api.aws.sigv4.VerifiedCaller;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client's signer against AWS's published test suite and against the server's own verifier (a separate
 * implementation in castellan-api-aws), for the requests the KMS client sends.
 */
class SignatureV4SignerTest {
    static final String EXAMPLE_KEY = "AKIDEXAMPLE";
    static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant EXAMPLE_TIME = Instant.parse("2015-08-30T12:36:00Z");

    /** awslabs/aws-c-auth tests/aws-signing-test-suite/v4, header form. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"get-vanilla, GET, , 5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            "post-vanilla, POST, , 5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
            "get-vanilla-with-session-token, GET, 6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267,"
                    + " 07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"})
    void sign_awsTestSuiteVector_producesThePublishedSignature(String vector, String method, String token,
            String expected) {
        SignatureV4Signer signer = new SignatureV4Signer(EXAMPLE_KEY, EXAMPLE_SECRET, token, "us-east-1", "service");

        Map<String, String> added = signer.sign(method, URI.create("https://example.amazonaws.com/"), Map.of(),
                new byte[0], EXAMPLE_TIME);

        assertThat(added.get("x-amz-date")).isEqualTo("20150830T123600Z");
        assertThat(added.get("authorization")).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                + "service/aws4_request, SignedHeaders=host;x-amz-date" + (token == null ? "" : ";x-amz-security-token")
                + ", Signature=" + expected);
    }

    @Test
    void sign_kmsJsonRequest_acceptedByTheServersVerifier() {
        Instant now = Instant.parse("2026-11-28T10:30:00Z");
        URI endpoint = URI.create("http://127.0.0.1:7700");
        byte[] body = "{\"KeyId\":\"alias/release\"}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target",
                "TrentService.GetPublicKey");
        Map<String, String> added = new SignatureV4Signer("AKIDCASTELLAN", "s3cret/Key+", null, "eu-west-3", "kms")
                .sign("POST", endpoint, headers, body, now);

        Map<String, List<String>> sent = new LinkedHashMap<>();
        headers.forEach((k, v) -> sent.put(k, List.of(v)));
        added.forEach((k, v) -> sent.put(k, List.of(v)));
        sent.put("Host", List.of("127.0.0.1:7700"));
        SignatureV4Verifier verifier = new SignatureV4Verifier(
                id -> id.equals("AKIDCASTELLAN") ? Optional.of("s3cret/Key+".getBytes(StandardCharsets.UTF_8)) : Optional.empty(),
                InstantSource.fixed(now), Set.of("kms"));

        assertThat(verifier.verify(new SignedRequest("POST", "/", "", sent, body)))
                .isEqualTo(new VerifiedCaller("AKIDCASTELLAN", "eu-west-3", "kms"));
    }

    @Test
    void sign_acrossMidnightWithSpacedHeaders_eachDayAcceptedByTheServersVerifier() {
        // One signer signs on two days (its derived key must follow the day) a header with runs of whitespace
        // (which must collapse exactly as the verifier collapses them).
        SignatureV4Signer signer = new SignatureV4Signer("AKIDCASTELLAN", "s3cret/Key+", null, "us-east-1", "acm-pca");
        URI endpoint = URI.create("http://127.0.0.1:7700");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target",
                "ACMPrivateCA.ListCertificateAuthorities", "x-castellan-note", "  two\t\tspaced   words ");
        for (Instant now : List.of(Instant.parse("2026-11-28T23:59:59Z"), Instant.parse("2026-11-29T00:00:01Z"),
                Instant.parse("2026-11-28T23:59:58Z"))) {
            Map<String, List<String>> sent = new LinkedHashMap<>();
            headers.forEach((k, v) -> sent.put(k, List.of(v)));
            signer.sign("POST", endpoint, headers, body, now).forEach((k, v) -> sent.put(k, List.of(v)));
            sent.put("Host", List.of("127.0.0.1:7700"));
            SignatureV4Verifier verifier = new SignatureV4Verifier(id -> Optional.of(
                    "s3cret/Key+".getBytes(StandardCharsets.UTF_8)), InstantSource.fixed(now), Set.of("acm-pca"));
            assertThat(verifier.verify(new SignedRequest("POST", "/", "", sent, body)).accessKeyId())
                    .isEqualTo("AKIDCASTELLAN");
        }
        assertThat(dev.castellan.api.aws.sigv4.CanonicalText.collapseSpaces("a \t\r\n b  c")).isEqualTo("a b c");
    }

    @Test
    void host_defaultAndExplicitPorts_matchWhatJavaNetHttpSends() {
        assertThat(SignatureV4Signer.host(URI.create("http://ca.example:80/"))).isEqualTo("ca.example");
        assertThat(SignatureV4Signer.host(URI.create("https://ca.example/"))).isEqualTo("ca.example");
        assertThat(SignatureV4Signer.host(URI.create("https://ca.example:8443"))).isEqualTo("ca.example:8443");
        assertThat(SignatureV4Signer.host(URI.create("http://[::1]:7700"))).isEqualTo("[::1]:7700");
    }

    @Test
    void canonicalPath_emptyOrEncoded_isRootOrEncodedAgain() {
        assertThat(SignatureV4Signer.canonicalPath("")).isEqualTo("/");
        assertThat(SignatureV4Signer.canonicalPath("/")).isEqualTo("/");
        assertThat(SignatureV4Signer.canonicalPath("/castellan/a%20b")).isEqualTo("/castellan/a%2520b");
    }
}
