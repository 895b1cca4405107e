package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.RawAwsClient;
import dev.castellan.it.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The AWS JSON wire protocol under hostile input: Signature V4 tampering, broken JSON, wrong types, oversized
 * bodies and random bytes. Every answer must be a 4xx carrying the AWS error name, and nothing may change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireProtocolIT {
    private static final String CREATE = "{\"CertificateAuthorityType\":\"ROOT\",\"CertificateAuthorityConfiguration\":"
            + "{\"KeyAlgorithm\":\"EC_prime256v1\",\"SigningAlgorithm\":\"SHA256WITHECDSA\",\"Subject\":{\"CommonName\":\"Wire\"}}}";

    Path tmp;

    ServerProcess server;
    RawAwsClient client;

    @BeforeAll
    void start() throws Exception {
        tmp = dev.castellan.it.support.WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        client = RawAwsClient.of(server);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    int caCount() throws Exception {
        RawAwsClient.Response r = client.call("ListCertificateAuthorities", "{\"MaxResults\":1000}");
        assertThat(r.status()).isEqualTo(200);
        return r.body().get("CertificateAuthorities").size();
    }

    @Test
    void signedRequest_untouched_isAccepted() throws Exception {
        RawAwsClient.Response r = client.call("CreateCertificateAuthority", CREATE);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.body().get("CertificateAuthorityArn").asText()).startsWith("arn:aws:acm-pca:us-east-1:");
    }

    @Test
    void bodyChangedAfterSigning_isInvalidSignatureAndCreatesNothing() throws Exception {
        int before = caCount();
        byte[] body = CREATE.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = client.sign("ACMPrivateCA.CreateCertificateAuthority", body, Clock.systemUTC());
        byte[] changed = CREATE.replace("Wire", "Evil").getBytes(StandardCharsets.UTF_8);
        RawAwsClient.Response r = client.send(headers, changed);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
        assertThat(caCount()).isEqualTo(before);
    }

    @Test
    void targetChangedAfterSigning_isInvalidSignature() throws Exception {
        String arn = client.call("CreateCertificateAuthority", CREATE).body().get("CertificateAuthorityArn").asText();
        byte[] body = ("{\"CertificateAuthorityArn\":\"" + arn + "\"}").getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = client.sign("ACMPrivateCA.DescribeCertificateAuthority", body, Clock.systemUTC());
        headers.put("X-Amz-Target", List.of("ACMPrivateCA.DeleteCertificateAuthority"));
        RawAwsClient.Response r = client.send(headers, body);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
        RawAwsClient.Response still = client.call("DescribeCertificateAuthority", new String(body, StandardCharsets.UTF_8));
        assertThat(still.body().get("CertificateAuthority").get("Status").asText()).isEqualTo("PENDING_CERTIFICATE");
    }

    @Test
    void signedTwentyMinutesAgo_isRejectedAsExpired() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        RawAwsClient.Response r = client.send(client.sign("ACMPrivateCA.ListCertificateAuthorities", body, past), body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
        assertThat(r.message()).contains("Signature expired");
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20));
        assertThat(client.send(client.sign("ACMPrivateCA.ListCertificateAuthorities", body, future), body).type())
                .isEqualTo("InvalidSignatureException");
    }

    @Test
    void unknownAccessKey_isUnrecognizedClient() throws Exception {
        RawAwsClient.Response r = client.withKey("AKIAUNKNOWN000000000", "secret").call("ListCertificateAuthorities", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("UnrecognizedClientException");
    }

    @Test
    void wrongSecret_isInvalidSignature() throws Exception {
        RawAwsClient.Response r = client.withKey(server.accessKeyId(), "not-the-secret").call("ListCertificateAuthorities", "{}");
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
    }

    @Test
    void missingOrBrokenAuthorization_isRejectedWithAwsNames() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> bare = new java.util.HashMap<>(Map.of(
                "Content-Type", List.of("application/x-amz-json-1.1"),
                "X-Amz-Target", List.of("ACMPrivateCA.ListCertificateAuthorities")));
        RawAwsClient.Response none = client.send(bare, body);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.type()).isEqualTo("MissingAuthenticationTokenException");

        Map<String, List<String>> signed = client.sign("ACMPrivateCA.ListCertificateAuthorities", body, Clock.systemUTC());
        String auth = signed.get("Authorization").getFirst();
        signed.put("Authorization", List.of(auth.replaceAll("Signature=[0-9a-f]+", "")));
        assertThat(client.send(signed, body).type()).isEqualTo("IncompleteSignatureException");
        signed.put("Authorization", List.of(auth.replaceAll("SignedHeaders=[^,]+,", "")));
        assertThat(client.send(signed, body).type()).isEqualTo("IncompleteSignatureException");
    }

    @Test
    void unknownOperation_isUnknownOperationException() throws Exception {
        RawAwsClient.Response r = client.call("LaunchMissiles", "{}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("UnknownOperationException");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json | {\"CertificateAuthorityArn\": | SerializationException",
        "json array | [1,2,3] | SerializationException",
        "json string | \"hello\" | SerializationException",
        "number for string | {\"CertificateAuthorityArn\": 5} | SerializationException",
        "duplicate member | {\"CertificateAuthorityArn\":\"a\",\"CertificateAuthorityArn\":\"b\"} | SerializationException",
        "missing required | {} | ValidationException",
        "arn of wrong form | {\"CertificateAuthorityArn\":\"arn:aws:s3:::bucket\"} | InvalidArnException",
        "arn without uuid | {\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/xyz\"} | InvalidArnException",
        "unknown ca | {\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/00000000-0000-4000-8000-000000000000\"} | ResourceNotFoundException",
        "other account | {\"CertificateAuthorityArn\":\"arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/00000000-0000-4000-8000-000000000000\"} | ResourceNotFoundException",
    })
    void describe_badInput_isTheAwsError(String name, String body, String type) throws Exception {
        RawAwsClient.Response r = client.call("DescribeCertificateAuthority", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.type()).as(r.raw()).isEqualTo(type);
        assertThat(r.message()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key algorithm | EC_prime256v1 | NOPE | SHA256WITHECDSA | ValidationException",
        "unknown signing algorithm | EC_prime256v1 | EC_prime256v1 | MD5WITHRSA | ValidationException",
        "family mismatch | EC_prime256v1 | RSA_2048 | SHA256WITHECDSA | InvalidArgsException",
    })
    void create_badConfiguration_isRefusedAndCreatesNothing(String name, String ignored, String key, String signing, String type)
            throws Exception {
        int before = caCount();
        String body = CREATE.replace("\"EC_prime256v1\"", "\"" + key + "\"").replace("SHA256WITHECDSA", signing);
        RawAwsClient.Response r = client.call("CreateCertificateAuthority", body);
        assertThat(r.type()).as(r.raw()).isEqualTo(type);
        assertThat(caCount()).isEqualTo(before);
    }

    @Test
    void wrongContentType_isRefused() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = client.sign("ACMPrivateCA.ListCertificateAuthorities", body, Clock.systemUTC());
        headers.put("Content-Type", List.of("text/plain"));
        RawAwsClient.Response r = client.send(headers, body);
        assertThat(r.status()).isBetween(400, 499);
    }

    @Test
    void oversizedBody_isRefusedWithA4xx() throws Exception {
        byte[] body = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        RawAwsClient.Response r = client.send(
                client.sign("ACMPrivateCA.ImportCertificateAuthorityCertificate", body, Clock.systemUTC()), body);
        assertThat(r.status()).isBetween(400, 499);
    }

    @Test
    void randomBytes_toEveryOperation_neverA5xxAndNothingChanges() throws Exception {
        int before = caCount();
        Random random = new Random(42);
        List<String> ops = List.of("CreateCertificateAuthority", "DescribeCertificateAuthority", "ListCertificateAuthorities",
                "ImportCertificateAuthorityCertificate", "UpdateCertificateAuthority", "DeleteCertificateAuthority",
                "TagCertificateAuthority", "UntagCertificateAuthority", "ListTags", "RestoreCertificateAuthority",
                "GetCertificateAuthorityCsr", "GetCertificateAuthorityCertificate");
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            byte[] body = new byte[random.nextInt(2000)];
            random.nextBytes(body);
            if (i % 3 == 0) {
                // Mostly-JSON noise reaches deeper into the readers than pure noise does.
                body = ("{\"CertificateAuthorityArn\":" + random.nextInt() + ",\"Tags\":[{\"Key\":" + i + "}],"
                        + "\"CertificateAuthorityConfiguration\":{\"Subject\":[]}}").getBytes(StandardCharsets.UTF_8);
            }
            String op = ops.get(i % ops.size());
            RawAwsClient.Response r = client.send(client.sign("ACMPrivateCA." + op, body, Clock.systemUTC()), body);
            if (r.status() < 400 || r.status() >= 500 || r.type() == null) {
                failures.add(op + " -> " + r.status() + " " + r.raw());
            }
        }
        assertThat(failures).isEmpty();
        assertThat(caCount()).isEqualTo(before);
    }
}
