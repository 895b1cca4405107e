package dev.castellan.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Sends hand-made requests, signed by the AWS SDK's own Signature V4 signer, and lets a test change them after
 * signing: the way to prove the server notices tampering with requests a real client produced.
 */
public final class RawAwsClient {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpoint;
    private final String accessKeyId;
    private final String secret;

    public RawAwsClient(String endpoint, String accessKeyId, String secret) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    public static RawAwsClient of(ServerProcess server) throws IOException {
        return new RawAwsClient(server.endpoint(), server.accessKeyId(), server.secretAccessKey());
    }

    public RawAwsClient withKey(String id, String secretKey) {
        return new RawAwsClient(endpoint, id, secretKey);
    }

    public record Response(int status, JsonNode body, String raw) {
        public String type() {
            return body != null && body.has("__type") ? body.get("__type").asText() : null;
        }

        public String message() {
            return body != null && body.has("message") ? body.get("message").asText() : null;
        }
    }

    /** Headers as signed, ready to be sent (and possibly altered first). */
    public Map<String, List<String>> sign(String target, byte[] body, Clock clock) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create(endpoint + "/"))
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", target)
                .build();
        var signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "acm-pca")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return new java.util.LinkedHashMap<>(signed.request().headers());
    }

    public Response send(Map<String, List<String>> headers, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase())) {
                values.forEach(v -> b.header(name, v));
            }
        });
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = null;
        try {
            node = JSON.readTree(r.body());
        } catch (IOException notJson) {
            // left null: the assertion on the type will show the raw body
        }
        return new Response(r.statusCode(), node, r.body());
    }

    public Response call(String operation, String jsonBody) throws IOException, InterruptedException {
        byte[] body = jsonBody.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send(sign("ACMPrivateCA." + operation, body, Clock.systemUTC()), body);
    }
}
