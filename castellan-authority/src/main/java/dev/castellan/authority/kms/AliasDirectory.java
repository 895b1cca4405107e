package dev.castellan.authority.kms;

import dev.castellan.authority.authz.Principal;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The aliases of the key service: CreateAlias, DeleteAlias, ListAliases. An alias of a key whose deletion date
 * has passed is dead: it is not listed and does not resolve, and its name may be taken again.
 */
final class AliasDirectory {
    private static final String RESERVED_PREFIX = "alias/aws/";
    private static final String MARKER_KIND = "alias";

    private final KmsKeyStore store;
    private final InstantSource clock;
    private final KeyLocator locator;
    private final KmsAudit audit;

    AliasDirectory(KmsKeyStore store, InstantSource clock, KeyLocator locator, KmsAudit audit) {
        this.store = store;
        this.clock = clock;
        this.locator = locator;
        this.audit = audit;
    }

    void create(Principal p, String aliasName, String targetKeyId) {
        checkName(aliasName);
        if (aliasName.startsWith(RESERVED_PREFIX)) {
            throw new CastellanException(ErrorCode.INVALID_ALIAS_NAME,
                    "Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
        }
        Instant now = clock.instant();
        store.write(tx -> {
            KmsKey key = locator.requireKey(tx, targetKeyId, now);
            KmsKeyArn arn = locator.arn(key.id());
            if (key.state() == KeyState.PendingDeletion) {
                throw CastellanException.invalidState(arn + " is pending deletion.");
            }
            String aliasArn = locator.aliasArn(aliasName);
            tx.alias(aliasName).ifPresent(existing -> {
                if (!targetDeleted(tx, existing, now)) {
                    throw new CastellanException(ErrorCode.ALREADY_EXISTS,
                            "An alias with the name " + aliasArn + " already exists.");
                }
                tx.deleteAlias(aliasName, audit.success(p, "DeleteAlias", aliasArn,
                        "its key " + existing.targetKeyId() + " was deleted; the name is taken again"));
            });
            tx.insert(new KmsAlias(aliasName, key.id(), now, now), audit.success(p, "CreateAlias", aliasArn,
                    "target " + arn));
            return null;
        });
    }

    void delete(Principal p, String aliasName) {
        checkName(aliasName);
        String aliasArn = locator.aliasArn(aliasName);
        boolean deleted = store.write(tx -> tx.deleteAlias(aliasName, audit.success(p, "DeleteAlias", aliasArn, "")));
        if (!deleted) {
            throw CastellanException.notFound("Alias " + aliasArn + " is not found.");
        }
    }

    KeyService.Page<KeyService.AliasView> list(String keyId, int requestedLimit, String marker) {
        int limit = Math.clamp(requestedLimit, 1, 100);
        String after = Markers.decode(MARKER_KIND, marker);
        Instant now = clock.instant();
        return store.read(tx -> {
            UUID target = keyId == null ? null : locator.requireKey(tx, keyId, now).id();
            List<KmsAlias> rows = tx.aliases(target, after, limit + 1);
            List<KeyService.AliasView> views = new ArrayList<>();
            Map<UUID, Boolean> deleted = new HashMap<>();
            for (KmsAlias a : rows.subList(0, Math.min(limit, rows.size()))) {
                // Dead aliases are dropped after paging, so a marker never points into hidden rows.
                if (!deleted.computeIfAbsent(a.targetKeyId(), id -> targetDeleted(tx, a, now))) {
                    views.add(new KeyService.AliasView(a, locator.aliasArn(a.name())));
                }
            }
            String next = rows.size() > limit ? Markers.encode(MARKER_KIND, rows.get(limit - 1).name()) : null;
            return new KeyService.Page<>(views, next);
        });
    }

    private static boolean targetDeleted(KmsKeyStore.Reads tx, KmsAlias alias, Instant now) {
        return tx.key(alias.targetKeyId()).map(k -> k.deleted(now)).orElse(true);
    }

    /**
     * The rules on alias names beyond the API's pattern. A name without the {@code alias/} prefix is a validation
     * error with KMS's own message; the bare prefix names nothing.
     */
    static void checkName(String aliasName) {
        if (!aliasName.startsWith(KeyLocator.ALIAS_PREFIX)) {
            throw CastellanException.validation("Alias must start with the prefix \"alias/\". Please see "
                    + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html");
        }
        if (aliasName.length() == KeyLocator.ALIAS_PREFIX.length()) {
            throw new CastellanException(ErrorCode.INVALID_ALIAS_NAME, "An alias needs a name after alias/.");
        }
    }
}
