package dev.castellan.authority.kms;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code KeyId} of a request into a stored key, and ids into ARNs. A {@code KeyId} may be a key id, a
 * key ARN, an alias name ({@code alias/...}) or an alias ARN; some operations take only the first two. An ARN for
 * another partition, region or account names a key this server does not hold, so it is "not found"; so is a key
 * whose deletion date has passed.
 */
final class KeyLocator {
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern ARN = Pattern.compile("arn:([a-z-]+):kms:([a-z0-9-]*):([0-9]*):(key|alias)/(.+)");
    static final String ALIAS_PREFIX = "alias/";

    private final String partition;
    private final String region;
    private final String account;

    KeyLocator(String partition, String region, String account) {
        this.partition = partition;
        this.region = region;
        this.account = account;
    }

    String account() {
        return account;
    }

    KmsKeyArn arn(UUID id) {
        return new KmsKeyArn(partition, region, account, id);
    }

    String aliasArn(String aliasName) {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":" + aliasName;
    }

    /** The key a KeyId of any of the four forms names. */
    KmsKey require(KmsKeyStore.Reads tx, String keyId, Instant now) {
        return resolve(tx, keyId, true, now);
    }

    /** The key a key id or key ARN names; an alias is refused, as KMS refuses it for key management operations. */
    KmsKey requireKey(KmsKeyStore.Reads tx, String keyId, Instant now) {
        return resolve(tx, keyId, false, now);
    }

    private KmsKey resolve(KmsKeyStore.Reads tx, String keyId, boolean aliases, Instant now) {
        String aliasName = null;
        UUID id = null;
        if (keyId.startsWith("arn:")) {
            Matcher m = ARN.matcher(keyId);
            if (!m.matches()) {
                throw new CastellanException(ErrorCode.INVALID_ARN, "The ARN '" + keyId + "' is not a KMS key or alias"
                        + " ARN of the form arn:aws:kms:<region>:<account>:key/<id>.");
            }
            if (!m.group(1).equals(partition) || !m.group(2).equals(region) || !m.group(3).equals(account)) {
                throw notFound(keyId);
            }
            if (m.group(4).equals("alias")) {
                aliasName = ALIAS_PREFIX + m.group(5);
            } else {
                id = keyId(m.group(5)).orElseThrow(() -> notFound(keyId));
            }
        } else if (keyId.startsWith(ALIAS_PREFIX)) {
            aliasName = keyId;
        } else {
            id = keyId(keyId).orElseThrow(() -> notFound(keyId));
        }
        if (aliasName != null) {
            if (!aliases) {
                throw new CastellanException(ErrorCode.INVALID_ARN,
                        "Aliases are not supported for this operation; give the key id or key ARN.");
            }
            String name = aliasName;
            id = tx.alias(name).orElseThrow(() -> CastellanException.notFound(
                    "Alias " + aliasArn(name) + " is not found.")).targetKeyId();
        }
        UUID found = id;
        return tx.key(found).filter(k -> !k.deleted(now)).orElseThrow(() -> notFound(arn(found).toString()));
    }

    private static Optional<UUID> keyId(String text) {
        return KEY_ID.matcher(text).matches() ? Optional.of(UUID.fromString(text)) : Optional.empty();
    }

    private static CastellanException notFound(String keyId) {
        return CastellanException.notFound("Key '" + keyId + "' does not exist.");
    }
}
