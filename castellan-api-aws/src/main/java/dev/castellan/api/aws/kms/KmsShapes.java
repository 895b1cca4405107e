package dev.castellan.api.aws.kms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.authority.kms.KeyService;
import dev.castellan.authority.kms.KeySpec;
import dev.castellan.authority.kms.KeyState;
import dev.castellan.authority.kms.KmsKey;
import dev.castellan.authority.kms.KmsSigningAlgorithm;
import dev.castellan.core.ErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The KMS wire shapes Castellan writes ({@code KeyMetadata}, {@code AliasListEntry}, ...), the full enum value sets
 * of the KMS model (so a value AWS knows but Castellan does not implement is told apart from a typo), and the
 * KMS names of Castellan's errors.
 */
final class KmsShapes {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** {@code KeySpec} of the KMS model (botocore 1.43.11); {@code CustomerMasterKeySpec} is a subset. */
    static final Set<String> AWS_KEY_SPECS = Set.of("RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384",
            "ECC_NIST_P521", "ECC_SECG_P256K1", "SYMMETRIC_DEFAULT", "HMAC_224", "HMAC_256", "HMAC_384", "HMAC_512", "SM2",
            "ML_DSA_44", "ML_DSA_65", "ML_DSA_87", "ECC_NIST_EDWARDS25519");
    static final Set<String> AWS_KEY_USAGES = Set.of("SIGN_VERIFY", "ENCRYPT_DECRYPT", "GENERATE_VERIFY_MAC",
            "KEY_AGREEMENT");
    static final Set<String> AWS_ORIGINS = Set.of("AWS_KMS", "EXTERNAL", "AWS_CLOUDHSM", "EXTERNAL_KEY_STORE");
    static final Set<String> AWS_SIGNING_ALGORITHMS = Set.of("RSASSA_PSS_SHA_256", "RSASSA_PSS_SHA_384",
            "RSASSA_PSS_SHA_512", "RSASSA_PKCS1_V1_5_SHA_256", "RSASSA_PKCS1_V1_5_SHA_384", "RSASSA_PKCS1_V1_5_SHA_512",
            "ECDSA_SHA_256", "ECDSA_SHA_384", "ECDSA_SHA_512", "SM2DSA", "ML_DSA_SHAKE_256", "ED25519_SHA_512",
            "ED25519_PH_SHA_512");

    private KmsShapes() {}

    /** Timestamps are epoch seconds, with milliseconds as the fraction. */
    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    static ObjectNode keyMetadata(KeyService.KeyView view, String account) {
        KmsKey key = view.key();
        ObjectNode o = JSON.objectNode();
        o.put("AWSAccountId", account);
        o.put("KeyId", view.arn().keyId());
        o.put("Arn", view.arn().toString());
        o.put("CreationDate", seconds(key.createdAt()));
        o.put("Enabled", key.state() == KeyState.Enabled);
        o.put("Description", key.description());
        o.put("KeyUsage", key.usage().name());
        o.put("KeyState", key.state().name());
        if (key.state() == KeyState.PendingDeletion) {
            o.put("DeletionDate", seconds(key.deletionDate()));
            o.put("PendingDeletionWindowInDays", key.pendingWindowInDays());
        }
        o.put("Origin", "AWS_KMS");
        o.put("KeyManager", "CUSTOMER");
        specs(o, key.spec());
        signingAlgorithms(o, key.spec().signingAlgorithms());
        o.put("MultiRegion", false);
        return o;
    }

    /**
     * {@code KeySpec}, and its deprecated twin {@code CustomerMasterKeySpec} where that enum has the value: it
     * predates ML-DSA, so ML-DSA keys carry only {@code KeySpec}.
     */
    static void specs(ObjectNode o, KeySpec spec) {
        if (!spec.name().startsWith("ML_DSA")) {
            o.put("CustomerMasterKeySpec", spec.name());
        }
        o.put("KeySpec", spec.name());
    }

    static void signingAlgorithms(ObjectNode o, List<KmsSigningAlgorithm> algorithms) {
        ArrayNode list = o.putArray("SigningAlgorithms");
        algorithms.forEach(a -> list.add(a.name()));
    }

    static ObjectNode aliasEntry(KeyService.AliasView view) {
        ObjectNode o = JSON.objectNode();
        o.put("AliasName", view.alias().name());
        o.put("AliasArn", view.arn());
        o.put("TargetKeyId", view.alias().targetKeyId().toString());
        o.put("CreationDate", seconds(view.alias().createdAt()));
        o.put("LastUpdatedDate", seconds(view.alias().lastUpdatedAt()));
        return o;
    }

    /** The KMS {@code __type} of each error; codes KMS has no name for are request errors to it. */
    static String errorName(ErrorCode code) {
        return switch (code) {
            case VALIDATION, INVALID_ARGS, INVALID_REQUEST -> "ValidationException";
            case INVALID_ARN -> "InvalidArnException";
            case NOT_FOUND -> "NotFoundException";
            case INVALID_STATE -> "KMSInvalidStateException";
            case DISABLED -> "DisabledException";
            case INVALID_KEY_USAGE -> "InvalidKeyUsageException";
            case INVALID_SIGNATURE -> "KMSInvalidSignatureException";
            case ALREADY_EXISTS -> "AlreadyExistsException";
            case INVALID_ALIAS_NAME -> "InvalidAliasNameException";
            case LIMIT_EXCEEDED -> "LimitExceededException";
            case INVALID_NEXT_TOKEN -> "InvalidMarkerException";
            case INVALID_TAG, TOO_MANY_TAGS -> "TagException";
            case UNSUPPORTED_OPERATION -> "UnsupportedOperationException";
            case DRY_RUN -> "DryRunOperationException";
            case ACCESS_DENIED -> "AccessDeniedException";
            // KMS's name for a request that lost to a concurrent change of the same key.
            case CONCURRENT_MODIFICATION -> "ConflictException";
            case INTERNAL -> "KMSInternalException";
            default -> "ValidationException";
        };
    }
}
