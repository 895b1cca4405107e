package dev.castellan.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A load generator that spends as little CPU per call as a Signature V4 client can: the AWS SDK's own signer,
 * the JDK's HTTP client and hand-written JSON. On a 2-core machine the full SDK client costs about as much CPU
 * as the server's work, so this client shows what the server itself sustains; the SDK client shows what a
 * typical caller sees. Both go over real HTTP with real signatures.
 */
final class LeanClient {
    private static final Pattern ARN = Pattern.compile("\"CertificateArn\":\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final URI endpoint;
    private final AwsCredentialsIdentity identity;

    LeanClient(String endpoint, String accessKeyId, String secret) {
        this.endpoint = URI.create(endpoint + "/");
        this.identity = AwsCredentialsIdentity.create(accessKeyId, secret);
    }

    String issue(String caArn, byte[] csrPem, String signingAlgorithm) throws IOException, InterruptedException {
        String body = "{\"CertificateAuthorityArn\":\"" + caArn + "\",\"Csr\":\"" + Base64.getEncoder().encodeToString(csrPem)
                + "\",\"SigningAlgorithm\":\"" + signingAlgorithm + "\",\"Validity\":{\"Value\":30,\"Type\":\"DAYS\"}}";
        String response = call("IssueCertificate", body);
        Matcher m = ARN.matcher(response);
        if (!m.find()) {
            throw new IllegalStateException("IssueCertificate failed: " + response);
        }
        return m.group(1);
    }

    String get(String caArn, String certArn) throws IOException, InterruptedException {
        String response = call("GetCertificate", "{\"CertificateAuthorityArn\":\"" + caArn + "\",\"CertificateArn\":\"" + certArn + "\"}");
        if (!response.contains("BEGIN CERTIFICATE")) {
            throw new IllegalStateException("GetCertificate failed: " + response);
        }
        return response;
    }

    private String call(String operation, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "ACMPrivateCA." + operation).build();
        var signed = signer.sign(r -> r.identity(identity).request(request).payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "acm-pca")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            String name = h.getKey().toLowerCase();
            if (!name.equals("host") && !name.equals("content-length")) {
                h.getValue().forEach(v -> b.header(h.getKey(), v));
            }
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
