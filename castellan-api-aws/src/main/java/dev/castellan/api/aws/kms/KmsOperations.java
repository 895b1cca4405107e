package dev.castellan.api.aws.kms;

import static dev.castellan.api.aws.kms.KmsShapes.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.AwsOperation;
import dev.castellan.api.aws.AwsService;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.kms.KeyService;
import dev.castellan.authority.kms.KeyService.AliasView;
import dev.castellan.authority.kms.KeyService.KeyView;
import dev.castellan.authority.kms.KeyService.Page;
import dev.castellan.authority.kms.KmsKeyArn;
import dev.castellan.authority.kms.MessageType;
import dev.castellan.authority.kms.SignRequest;
import dev.castellan.authority.kms.VerifyRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The signing subset of AWS KMS ({@code X-Amz-Target: TrentService.<Operation>}, Signature V4 scope {@code kms}):
 * keys, Sign and Verify, key states and aliases, each a small function from request shape to response shape. The
 * model's shape rules are checked here; the rules of keys and signatures live in the {@link KeyService}. Any other
 * KMS operation is answered with UnknownOperationException by the endpoint.
 */
public final class KmsOperations {
    static final Pattern ALIAS_NAME = Pattern.compile("^[a-zA-Z0-9:/_-]+$");
    private static final Pattern MARKER = Pattern.compile("[\\u0020-\\u00FF]*");
    static final int MAX_MESSAGE_BYTES = 4096;
    static final int MAX_SIGNATURE_BYTES = 6144;

    private final KeyService keys;

    private KmsOperations(KeyService keys) {
        this.keys = keys;
    }

    /** The KMS service over the key service, for the AWS JSON endpoint. */
    public static AwsService service(KeyService keys) {
        return new AwsService("TrentService.", "kms", new KmsOperations(keys).operations(), KmsShapes::errorName);
    }

    private Map<String, AwsOperation> operations() {
        Map<String, AwsOperation> ops = new LinkedHashMap<>();
        ops.put("CreateKey", (p, in) -> keyMetadata(keys.createKey(p, KmsRequests.createKey(in))));
        ops.put("DescribeKey", (p, in) -> {
            grantTokens(in);
            return keyMetadata(keys.describeKey(p, keyId(in)));
        });
        ops.put("ListKeys", this::listKeys);
        ops.put("GetPublicKey", this::getPublicKey);
        ops.put("Sign", AwsOperation.later(this::sign));
        ops.put("Verify", this::verify);
        ops.put("ScheduleKeyDeletion", this::scheduleKeyDeletion);
        ops.put("CancelKeyDeletion", (p, in) -> JSON.objectNode()
                .put("KeyId", keys.cancelKeyDeletion(p, keyId(in)).toString()));
        ops.put("EnableKey", (p, in) -> {
            keys.enableKey(p, keyId(in));
            return JSON.objectNode();
        });
        ops.put("DisableKey", (p, in) -> {
            keys.disableKey(p, keyId(in));
            return JSON.objectNode();
        });
        ops.put("CreateAlias", (p, in) -> {
            keys.createAlias(p, aliasName(in), in.requiredString("TargetKeyId", 1, 2048, null));
            return JSON.objectNode();
        });
        ops.put("DeleteAlias", (p, in) -> {
            keys.deleteAlias(p, aliasName(in));
            return JSON.objectNode();
        });
        ops.put("ListAliases", this::listAliases);
        return ops;
    }

    static String keyId(Input in) {
        return in.requiredString("KeyId", 1, 2048, null);
    }

    private static String aliasName(Input in) {
        return in.requiredString("AliasName", 1, 256, ALIAS_NAME);
    }

    /** Grant tokens are checked for shape and otherwise ignored: Castellan has no grants. */
    private static void grantTokens(Input in) {
        in.stringList("GrantTokens", 0, 10);
    }

    private ObjectNode keyMetadata(KeyView view) {
        ObjectNode out = JSON.objectNode();
        out.set("KeyMetadata", KmsShapes.keyMetadata(view, keys.account()));
        return out;
    }

    private ObjectNode listKeys(Principal p, Input in) {
        int limit = in.integer("Limit", 1, 1000).map(Long::intValue).orElse(100);
        Page<KeyView> page = keys.listKeys(p, limit, in.string("Marker", 1, 1024, MARKER).orElse(null));
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("Keys");
        for (KeyView v : page.items()) {
            list.addObject().put("KeyId", v.arn().keyId()).put("KeyArn", v.arn().toString());
        }
        return truncation(out, page);
    }

    private ObjectNode listAliases(Principal p, Input in) {
        String keyId = in.string("KeyId", 1, 2048, null).orElse(null);
        int limit = in.integer("Limit", 1, 100).map(Long::intValue).orElse(50);
        Page<AliasView> page = keys.listAliases(p, keyId, limit, in.string("Marker", 1, 1024, MARKER).orElse(null));
        ObjectNode out = JSON.objectNode();
        ArrayNode list = out.putArray("Aliases");
        page.items().forEach(a -> list.add(KmsShapes.aliasEntry(a)));
        return truncation(out, page);
    }

    private static ObjectNode truncation(ObjectNode out, Page<?> page) {
        out.put("Truncated", page.nextMarker() != null);
        if (page.nextMarker() != null) {
            out.put("NextMarker", page.nextMarker());
        }
        return out;
    }

    private ObjectNode getPublicKey(Principal p, Input in) {
        grantTokens(in);
        KeyService.PublicKeyView view = keys.getPublicKey(p, keyId(in));
        ObjectNode out = JSON.objectNode();
        out.put("KeyId", view.arn().toString());
        out.put("PublicKey", Base64.getEncoder().encodeToString(view.subjectPublicKeyInfo()));
        KmsShapes.specs(out, view.key().spec());
        out.put("KeyUsage", view.key().usage().name());
        KmsShapes.signingAlgorithms(out, view.key().spec().signingAlgorithms());
        return out;
    }

    /** Answered once the Sign's audit event is durable, without holding a thread for the commit. */
    private CompletableFuture<ObjectNode> sign(Principal p, Input in) {
        String keyId = keyId(in);
        byte[] message = in.requiredBlob("Message", 1, MAX_MESSAGE_BYTES);
        MessageType type = in.enumValue("MessageType", MessageType.class).orElse(MessageType.RAW);
        grantTokens(in);
        SignRequest request = new SignRequest(keyId, message, type, KmsRequests.signingAlgorithm(in),
                in.bool("DryRun").orElse(false));
        return keys.signLater(p, request).thenApply(signed -> JSON.objectNode()
                .put("KeyId", signed.arn().toString())
                .put("Signature", Base64.getEncoder().encodeToString(signed.signature()))
                .put("SigningAlgorithm", signed.algorithm().name()));
    }

    private ObjectNode verify(Principal p, Input in) {
        String keyId = keyId(in);
        byte[] message = in.requiredBlob("Message", 1, MAX_MESSAGE_BYTES);
        MessageType type = in.enumValue("MessageType", MessageType.class).orElse(MessageType.RAW);
        byte[] signature = in.requiredBlob("Signature", 1, MAX_SIGNATURE_BYTES);
        grantTokens(in);
        VerifyRequest request = new VerifyRequest(keyId, message, type, signature, KmsRequests.signingAlgorithm(in),
                in.bool("DryRun").orElse(false));
        KmsKeyArn arn = keys.verify(p, request);
        return JSON.objectNode().put("KeyId", arn.toString()).put("SignatureValid", true)
                .put("SigningAlgorithm", request.algorithm().name());
    }

    private ObjectNode scheduleKeyDeletion(Principal p, Input in) {
        String keyId = keyId(in);
        Integer days = in.integer("PendingWindowInDays", 1, 365).map(Long::intValue).orElse(null);
        KeyView view = keys.scheduleKeyDeletion(p, keyId, days);
        return JSON.objectNode().put("KeyId", view.arn().toString())
                .put("DeletionDate", KmsShapes.seconds(view.key().deletionDate()))
                .put("KeyState", view.key().state().name())
                .put("PendingWindowInDays", view.key().pendingWindowInDays());
    }
}
