package dev.castellan.api.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.json.Input;
import dev.castellan.api.aws.json.WireException;
import dev.castellan.api.aws.pca.CaOperations;
import dev.castellan.api.aws.sigv4.SignatureV4Verifier;
import dev.castellan.api.aws.sigv4.SignedRequest;
import dev.castellan.api.aws.sigv4.VerifiedCaller;
import dev.castellan.authority.Authority;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.credentials.Credentials;
import dev.castellan.core.Futures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS JSON 1.1 front door ({@code POST /}): authenticates the Signature V4, finds the operation named by
 * {@code X-Amz-Target}, parses the body, runs the operation and maps any failure to an AWS error.
 *
 * <p>Order of checks: size, authentication, target, content type, JSON. Authentication comes before parsing so
 * an unauthenticated caller cannot make us parse anything, and every answer to a bad request is a 4xx with an
 * AWS error name; only a failure on our side is a 5xx, with an opaque message and a request id to find it in
 * the log.
 */
public final class AwsJsonEndpoint {
    private static final Logger log = LoggerFactory.getLogger(AwsJsonEndpoint.class);
    /** The largest body a valid request can have: a 2 MiB certificate chain, base64-encoded, plus the rest. */
    public static final int MAX_BODY_BYTES = 3 * 1024 * 1024;
    // Buffers recycled through one shared pool: the default pool keeps them per thread, and each request runs on a
    // virtual thread of its own, so it would allocate them afresh every time.
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private static final java.util.regex.Pattern SIGNED_TARGET =
            java.util.regex.Pattern.compile("SignedHeaders=([^,\\s]*;)?x-amz-target(;|,|\\s|$)", java.util.regex.Pattern.CASE_INSENSITIVE);

    private final Credentials credentials;
    private final InstantSource clock;
    private final List<AwsService> services;
    /** Opened secrets by access key id; keys are never changed in place, so a cached secret cannot go stale. */
    private final Map<String, Credentials.Secret> secrets = new ConcurrentHashMap<>();
    private final Map<AwsService, SignatureV4Verifier> verifiers;

    public AwsJsonEndpoint(Credentials credentials, InstantSource clock, List<AwsService> services) {
        this.credentials = credentials;
        this.clock = clock;
        this.services = List.copyOf(services);
        // One verifier per service, made once: each keeps the signing keys it derived (see SignatureV4Verifier).
        Map<AwsService, SignatureV4Verifier> byService = new IdentityHashMap<>();
        for (AwsService service : this.services) {
            byService.put(service, new SignatureV4Verifier(id -> lookup(id).map(Credentials.Secret::secretAccessKey),
                    clock, Set.of(service.signingName())));
        }
        this.verifiers = byService;
    }

    /** The ACM PCA service over the authority. */
    public static AwsService privateCa(Authority authority) {
        Map<String, AwsOperation> ops = new java.util.HashMap<>(new CaOperations(authority).operations());
        ops.putAll(new dev.castellan.api.aws.pca.CertificateOperations(authority).operations());
        ops.putAll(new dev.castellan.api.aws.pca.RevocationOperations(authority).operations());
        return new AwsService("ACMPrivateCA.", "acm-pca", ops, ErrorMapper::typeOf);
    }

    public AwsResponse handle(SignedRequest request) {
        return handleLater(request).join();
    }

    /**
     * The response to one request, possibly later (an operation that ends with a durable write answers when it has
     * committed, see {@link AwsOperation#handleLater}). Never fails: every error is an AWS error response. The
     * future may complete on the store's answering thread; what depends on it must be quick and must not block.
     */
    public CompletableFuture<AwsResponse> handleLater(SignedRequest request) {
        String requestId = requestId();
        String target = header(request, "x-amz-target").orElse("");
        try {
            byte[] raw = request.body();
            if (raw.length > MAX_BODY_BYTES) {
                throw new WireException("SerializationException", 413,
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes.");
            }
            AwsService service = service(target);
            Principal principal = authenticate(request, service);
            AwsOperation op = operation(service, target);
            String contentType = header(request, "content-type").orElse("");
            if (!contentType.startsWith("application/x-amz-json-1.1") && !contentType.startsWith("application/x-amz-json-1.0")) {
                throw WireException.serialization("Content-Type must be application/x-amz-json-1.1, not '"
                        + contentType + "'.");
            }
            ObjectNode body = parse(raw);
            return op.handleLater(principal, new Input(body, "")).handle((result, failure) -> failure == null
                    ? success(requestId, target, result)
                    : failure(requestId, target, Futures.cause(failure)));
        } catch (Throwable t) {
            return CompletableFuture.completedFuture(failure(requestId, target, t));
        }
    }

    private AwsResponse success(String requestId, String target, ObjectNode result) {
        try {
            byte[] body = JSON.writeValueAsBytes(result);
            log.debug("{} {} ok", requestId, target);
            return respond(200, requestId, body);
        } catch (IOException | RuntimeException e) {
            return failure(requestId, target, e);
        }
    }

    private AwsResponse failure(String requestId, String target, Throwable t) {
        ErrorMapper.AwsError e = ErrorMapper.map(t, requestId, serviceOrNull(target));
        if (e.status() >= 500) {
            log.error("{} {} failed", requestId, target, t);
        } else {
            log.debug("{} {} -> {}: {}", requestId, target, e.type(), e.message());
        }
        ObjectNode err = JSON.createObjectNode().put("__type", e.type()).put("message", e.message());
        try {
            return respond(e.status(), requestId, JSON.writeValueAsBytes(err));
        } catch (IOException io) {
            return respond(500, requestId, "{\"__type\":\"InternalFailure\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private Principal authenticate(SignedRequest request, AwsService service) {
        VerifiedCaller caller = verifiers.get(service).verify(request);
        // The operation is chosen by X-Amz-Target, so it must be covered by the signature: otherwise a captured
        // DescribeCertificateAuthority could be replayed as DeleteCertificateAuthority with the same body.
        String authorization = header(request, "authorization").orElse("");
        if (!SIGNED_TARGET.matcher(authorization).find()) {
            throw new WireException("IncompleteSignatureException", 400,
                    "The X-Amz-Target header must be included in SignedHeaders.");
        }
        return lookup(caller.accessKeyId()).orElseThrow().principal();
    }

    /**
     * A random version 4 UUID naming this request in the answer and the log. It names, it does not protect, so it
     * comes from a fast generator: {@link UUID#randomUUID} draws on the shared SecureRandom, a lock every request
     * of the server would queue on.
     */
    private static String requestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private Optional<Credentials.Secret> lookup(String accessKeyId) {
        Credentials.Secret cached = secrets.get(accessKeyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Credentials.Secret> loaded = credentials.secretFor(accessKeyId);
        loaded.ifPresent(s -> secrets.put(accessKeyId, s));
        return loaded;
    }

    private AwsService serviceOrNull(String target) {
        for (AwsService s : services) {
            if (target.startsWith(s.targetPrefix())) {
                return s;
            }
        }
        return null;
    }

    private AwsService service(String target) {
        AwsService s = serviceOrNull(target);
        if (s == null) {
            throw unknownOperation(target);
        }
        return s;
    }

    private static AwsOperation operation(AwsService service, String target) {
        AwsOperation op = service.operations().get(target.substring(service.targetPrefix().length()));
        if (op == null) {
            throw unknownOperation(target);
        }
        return op;
    }

    private static WireException unknownOperation(String target) {
        return new WireException("UnknownOperationException", 400,
                target.isEmpty() ? "The X-Amz-Target header is missing." : "Unknown operation " + target + ".");
    }

    private static ObjectNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw WireException.serialization("The request body must be a JSON object.");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw WireException.serialization("The request body is not valid JSON.");
        }
    }

    private static AwsResponse respond(int status, String requestId, byte[] body) {
        return new AwsResponse(status, Map.of(
                "Content-Type", "application/x-amz-json-1.1",
                "x-amzn-RequestId", requestId), body);
    }

    private static Optional<String> header(SignedRequest request, String name) {
        List<String> values = request.headers().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }
}
