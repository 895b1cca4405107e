package dev.castellan.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * A client of the KMS-compatible key service: AWS JSON 1.1 over {@code java.net.http}, signed with
 * {@link SignatureV4Signer} for service {@code kms}. Only what Castellan's commands need: GetPublicKey and Sign.
 * Failures become a {@link ClientException} with one line to show: the server cannot be reached (and how to start
 * it), or the key service's own error name and message.
 */
public final class KmsJsonClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> AUTH_ERRORS = List.of("UnrecognizedClientException", "InvalidSignatureException",
            "IncompleteSignatureException", "MissingAuthenticationTokenException", "AccessDeniedException",
            "SignatureDoesNotMatch");

    private final ClientSettings settings;
    private final InstantSource clock;
    private final SignatureV4Signer signer;
    private final HttpClient http;

    /** The public half of a key, as GetPublicKey returns it. */
    public record PublicKeyInfo(String keyArn, String keySpec, byte[] subjectPublicKeyInfo,
            List<String> signingAlgorithms) {}

    public KmsJsonClient(ClientSettings settings, InstantSource clock) {
        this.settings = settings;
        this.clock = clock;
        this.signer = new SignatureV4Signer(settings.accessKeyId(), settings.secretAccessKey(), settings.sessionToken(),
                settings.region(), "kms");
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT);
        if (settings.caBundle() != null) {
            b.sslContext(CaBundle.sslContext(settings.caBundle()));
        }
        this.http = b.build();
    }

    public String endpoint() {
        return settings.endpoint().toString();
    }

    public PublicKeyInfo getPublicKey(String keyId) {
        JsonNode r = call("GetPublicKey", JSON.createObjectNode().put("KeyId", keyId), keyId);
        List<String> algorithms = new ArrayList<>();
        r.path("SigningAlgorithms").forEach(a -> algorithms.add(a.asText()));
        return new PublicKeyInfo(r.path("KeyId").asText(), r.path("KeySpec").asText(),
                Base64.getDecoder().decode(r.path("PublicKey").asText()), List.copyOf(algorithms));
    }

    /**
     * Signs with the key.
     *
     * @param messageType {@code RAW}, {@code DIGEST} or {@code EXTERNAL_MU}
     * @param algorithm   a KMS {@code SigningAlgorithmSpec}, e.g. {@code ML_DSA_SHAKE_256}
     */
    public byte[] sign(String keyId, byte[] message, String messageType, String algorithm) {
        ObjectNode body = JSON.createObjectNode().put("KeyId", keyId)
                .put("Message", Base64.getEncoder().encodeToString(message)).put("MessageType", messageType)
                .put("SigningAlgorithm", algorithm);
        return Base64.getDecoder().decode(call("Sign", body, keyId).path("Signature").asText());
    }

    private JsonNode call(String operation, ObjectNode request, String keyId) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        URI uri = settings.endpoint();
        Map<String, String> headers = Map.of("content-type", "application/x-amz-json-1.1",
                "x-amz-target", "TrentService." + operation);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        signer.sign("POST", uri, headers, body, clock.instant()).forEach(b::header);
        HttpResponse<byte[]> response = send(b.build());
        JsonNode json = parse(response.body());
        if (response.statusCode() / 100 == 2 && json != null) {
            return json;
        }
        throw refused(operation, keyId, response.statusCode(), json);
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted", e);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("connection timed out", e);
        } catch (HttpTimeoutException e) {
            throw unreachable("no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw unreachable(cause instanceof UnresolvedAddressException
                    ? "unknown host " + settings.endpoint().getHost() : "connection refused", e);
        } catch (SSLException e) {
            throw unreachable("TLS failed (" + e.getMessage() + "); if the server's certificate is from a private CA,"
                    + " set AWS_CA_BUNDLE to that CA's PEM file", e);
        } catch (IOException e) {
            boolean unknownHost = e instanceof UnknownHostException
                    || e.getCause() instanceof UnresolvedAddressException;
            throw unreachable(unknownHost ? "unknown host " + settings.endpoint().getHost()
                    : String.valueOf(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    private ClientException unreachable(String why, Throwable cause) {
        return new ClientException(ClientException.Kind.UNREACHABLE, "cannot reach the Castellan server at "
                + settings.endpoint() + ": " + why + "; is `./castellan serve` running?", null, cause);
    }

    private ClientException refused(String operation, String keyId, int status, JsonNode error) {
        if (error == null || !error.hasNonNull("__type")) {
            return new ClientException(ClientException.Kind.REFUSED, "the server at " + settings.endpoint()
                    + " answered HTTP " + status + " without an AWS error; is the endpoint a Castellan server?");
        }
        String type = error.path("__type").asText();
        type = type.substring(type.lastIndexOf('#') + 1);
        String message = error.hasNonNull("message") ? error.path("message").asText()
                : error.path("Message").asText("");
        String hint = AUTH_ERRORS.contains(type) ? " (credentials from " + settings.credentialsFrom()
                + "; `eval \"$(./castellan env)\"` sets those of a local server)" : "";
        return new ClientException(ClientException.Kind.REFUSED, "the key service refused " + operation + " of " + keyId
                + ": " + type + ": " + message + hint, type, null);
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = body.length == 0 ? null : JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }
}
