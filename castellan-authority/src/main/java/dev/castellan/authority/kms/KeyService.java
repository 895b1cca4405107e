package dev.castellan.authority.kms;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.authz.Action;
import dev.castellan.authority.authz.Authorizer;
import dev.castellan.authority.authz.Principal;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * The KMS-compatible key service: signing keys held by the same {@link KeyProvider} as CA keys, addressed by key
 * id, ARN or alias, used through Sign and Verify. Every method takes the calling {@link Principal} and checks it
 * may act; every change and every signature is recorded in the audit trail in the transaction that makes it.
 *
 * <p>Key states: Enabled ⇄ Disabled; either → PendingDeletion (ScheduleKeyDeletion); PendingDeletion → Disabled
 * (CancelKeyDeletion). Once the deletion date passes the key is gone for every caller, computed from the clock
 * rather than by a job, so no caller can use a key after its date; {@link #purgeDeletedKeys} then destroys its
 * material in the provider and removes its rows, as KMS deletes a key at the end of the waiting period.
 */
public final class KeyService {
    static final int DEFAULT_PENDING_WINDOW_DAYS = 30;
    /** Keys destroyed per read of the due list; a purge loops until none is left. */
    private static final int PURGE_BATCH = 100;
    private static final String MARKER_KIND = "key";

    private final KmsKeyStore store;
    private final KeyProvider keys;
    private final InstantSource clock;
    private final KeyLocator locator;
    private final KmsAudit audit;
    private final KmsSigner signer;
    private final AliasDirectory aliases;
    private final Authorizer authorizer = new Authorizer();

    public KeyService(AuthoritySettings settings, KmsKeyStore store, KeyProvider keys, InstantSource clock) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.locator = new KeyLocator(settings.partition(), settings.region(), settings.account());
        this.audit = new KmsAudit(clock);
        this.signer = new KmsSigner(store, keys, clock, locator, audit);
        this.aliases = new AliasDirectory(store, clock, locator, audit);
    }

    /** A CreateKey request; {@code description} may be empty. */
    public record CreateKeyRequest(KeySpec spec, KeyUsage usage, String description) {
        public CreateKeyRequest {
            Objects.requireNonNull(spec);
            Objects.requireNonNull(usage);
            description = description == null ? "" : description;
        }
    }

    /** A key and its ARN, as DescribeKey and ListKeys show it. */
    public record KeyView(KmsKeyArn arn, KmsKey key) {}

    /** What GetPublicKey returns: the key and its DER SubjectPublicKeyInfo. */
    public record PublicKeyView(KmsKeyArn arn, KmsKey key, byte[] subjectPublicKeyInfo) {}

    /** A signature made by Sign. */
    public record SignResult(KmsKeyArn arn, byte[] signature, KmsSigningAlgorithm algorithm) {}

    /** An alias and its ARN. */
    public record AliasView(KmsAlias alias, String arn) {}

    /** One page of a listing; {@code nextMarker} is null on the last page. */
    public record Page<T>(List<T> items, String nextMarker) {}

    /** The account that appears in this service's ARNs. */
    public String account() {
        return locator.account();
    }

    public KeyView createKey(Principal p, CreateKeyRequest request) {
        authorizer.check(p, Action.KMS_CREATE_KEY);
        // The key pair is made before the transaction, since RSA-4096 generation can take seconds and must not
        // hold a database lock. A crash in between leaves an unused sealed key, never a key row without a key.
        KeyRef ref = keys.generate(request.spec().keyAlgorithm());
        Instant now = clock.instant();
        KmsKey key = new KmsKey(UUID.randomUUID(), request.spec(), request.usage(), request.description(), ref,
                KeyState.Enabled, now, null, null, 0);
        KmsKeyArn arn = locator.arn(key.id());
        store.write(tx -> {
            tx.insert(key, audit.success(p, "CreateKey", arn, request.spec() + " " + request.usage() + " in " + ref));
            return null;
        });
        return new KeyView(arn, key);
    }

    public KeyView describeKey(Principal p, String keyId) {
        authorizer.check(p, Action.KMS_DESCRIBE_KEY);
        Instant now = clock.instant();
        KmsKey key = store.read(tx -> locator.require(tx, keyId, now));
        return new KeyView(locator.arn(key.id()), key);
    }

    /** Lists keys a page at a time (1 to 1000), keys pending deletion included, as KMS does. */
    public Page<KeyView> listKeys(Principal p, int limit, String marker) {
        authorizer.check(p, Action.KMS_LIST_KEYS);
        int pageSize = Math.clamp(limit, 1, 1000);
        String last = Markers.decode(MARKER_KIND, marker);
        UUID after;
        try {
            after = last == null ? null : UUID.fromString(last);
        } catch (IllegalArgumentException e) {
            throw new CastellanException(ErrorCode.INVALID_NEXT_TOKEN, "The Marker is not valid.");
        }
        Instant now = clock.instant();
        List<KmsKey> rows = store.read(tx -> tx.keys(after, pageSize + 1));
        List<KeyView> views = new ArrayList<>();
        for (KmsKey k : rows.subList(0, Math.min(pageSize, rows.size()))) {
            // Deleted keys are dropped after paging, so a marker never points into hidden rows.
            if (!k.deleted(now)) {
                views.add(new KeyView(locator.arn(k.id()), k));
            }
        }
        String next = rows.size() > pageSize
                ? Markers.encode(MARKER_KIND, rows.get(pageSize - 1).id().toString()) : null;
        return new Page<>(views, next);
    }

    /** The public key of an enabled key; refused for a disabled key or one pending deletion, as KMS does. */
    public PublicKeyView getPublicKey(Principal p, String keyId) {
        authorizer.check(p, Action.KMS_GET_PUBLIC_KEY);
        Instant now = clock.instant();
        KmsKey key = store.read(tx -> locator.require(tx, keyId, now));
        KmsKeyArn arn = locator.arn(key.id());
        KmsSigner.requireUsable(key, arn, null);
        return new PublicKeyView(arn, key, keys.publicKey(key.keyRef()).getEncoded());
    }

    public SignResult sign(Principal p, SignRequest request) {
        authorizer.check(p, Action.KMS_SIGN);
        return signer.sign(p, request);
    }

    /**
     * {@link #sign}, answered once the audit event is durable, without holding the calling thread meanwhile. Refusals
     * found before signing are thrown; later ones fail the future. The future completes on the store's answering
     * thread: what depends on it must be quick and must not block.
     */
    public CompletableFuture<SignResult> signLater(Principal p, SignRequest request) {
        authorizer.check(p, Action.KMS_SIGN);
        return signer.signLater(p, request);
    }

    /**
     * Checks a signature; returns the key's ARN if it is valid.
     *
     * @throws CastellanException {@code INVALID_SIGNATURE} if it is not
     */
    public KmsKeyArn verify(Principal p, VerifyRequest request) {
        authorizer.check(p, Action.KMS_VERIFY);
        return signer.verify(p, request);
    }

    public void enableKey(Principal p, String keyId) {
        authorizer.check(p, Action.KMS_ENABLE_KEY);
        change(p, keyId, "EnableKey", key -> {
            requireNotPendingDeletion(key);
            return key.withState(KeyState.Enabled);
        });
    }

    public void disableKey(Principal p, String keyId) {
        authorizer.check(p, Action.KMS_DISABLE_KEY);
        change(p, keyId, "DisableKey", key -> {
            requireNotPendingDeletion(key);
            return key.withState(KeyState.Disabled);
        });
    }

    /** Schedules deletion after {@code pendingWindowInDays} (7 to 30, default 30); the key stops working now. */
    public KeyView scheduleKeyDeletion(Principal p, String keyId, Integer pendingWindowInDays) {
        authorizer.check(p, Action.KMS_SCHEDULE_KEY_DELETION);
        int days = pendingWindowInDays == null ? DEFAULT_PENDING_WINDOW_DAYS : pendingWindowInDays;
        if (days < 7 || days > 30) {
            throw CastellanException.validation("PendingWindowInDays must be between 7 and 30, not " + days + ".");
        }
        Instant now = clock.instant();
        KmsKey stored = change(p, keyId, "ScheduleKeyDeletion", key -> {
            requireNotPendingDeletion(key);
            return key.pendingDeletion(now.plus(Duration.ofDays(days)), days);
        });
        return new KeyView(locator.arn(stored.id()), stored);
    }

    /** Cancels a scheduled deletion; the key comes back Disabled, as in KMS. */
    public KmsKeyArn cancelKeyDeletion(Principal p, String keyId) {
        authorizer.check(p, Action.KMS_CANCEL_KEY_DELETION);
        KmsKey stored = change(p, keyId, "CancelKeyDeletion", key -> {
            if (key.state() != KeyState.PendingDeletion) {
                throw CastellanException.invalidState(locator.arn(key.id()) + " is not pending deletion.");
            }
            return key.withState(KeyState.Disabled);
        });
        return locator.arn(stored.id());
    }

    public void createAlias(Principal p, String aliasName, String targetKeyId) {
        authorizer.check(p, Action.KMS_CREATE_ALIAS);
        aliases.create(p, aliasName, targetKeyId);
    }

    public void deleteAlias(Principal p, String aliasName) {
        authorizer.check(p, Action.KMS_DELETE_ALIAS);
        aliases.delete(p, aliasName);
    }

    /** Lists aliases by name, of one key (key id or ARN) or, if {@code keyId} is null, of all keys. */
    public Page<AliasView> listAliases(Principal p, String keyId, int limit, String marker) {
        authorizer.check(p, Action.KMS_LIST_ALIASES);
        return aliases.list(keyId, limit, marker);
    }

    /**
     * Destroys the key material of every key whose deletion date has passed, then removes the key and its aliases,
     * recording a DeleteKey event. The material goes first: a crash in between leaves a row whose key is already
     * gone for every caller (its date passed, and that state is final), which the next purge removes; the other
     * order could leave material no row points at. Several servers may purge at once: destroying is idempotent and
     * only the one that removes the row records the event.
     *
     * <p>A key whose material the provider fails to destroy keeps its row and is tried again by the next purge; it
     * does not hold back the keys after it. The purge stops early only when a whole batch failed, then throws.
     *
     * @return how many keys this call removed
     * @throws CastellanException {@code INTERNAL} naming the keys that could not be destroyed (the others are gone)
     */
    public int purgeDeletedKeys() {
        int removed = 0;
        List<RuntimeException> failures = new ArrayList<>();
        while (true) {
            Instant now = clock.instant();
            List<KmsKey> due = store.read(tx -> tx.dueForDeletion(now, PURGE_BATCH));
            int removedBefore = removed;
            for (KmsKey key : due) {
                KmsKeyArn arn = locator.arn(key.id());
                try {
                    keys.destroy(key.keyRef());
                } catch (RuntimeException e) {
                    failures.add(new CastellanException(ErrorCode.INTERNAL, "The key material of " + arn
                            + " could not be destroyed; the key stays pending deletion.", e));
                    continue;
                }
                String detail = "deletion date " + key.deletionDate() + " passed; key material " + key.keyRef()
                        + " destroyed";
                if (store.write(tx -> tx.delete(key.id(), audit.success(Principal.system(), "DeleteKey", arn, detail)))) {
                    removed++;
                }
            }
            // A full batch of keys that failed would come back in the next read: stop rather than spin on them.
            if (due.size() < PURGE_BATCH || removed == removedBefore) {
                break;
            }
        }
        if (!failures.isEmpty()) {
            CastellanException e = new CastellanException(ErrorCode.INTERNAL, failures.size() + " key(s) due for"
                    + " deletion could not be destroyed (" + removed + " removed); first: "
                    + failures.getFirst().getMessage(), failures.getFirst());
            failures.stream().skip(1).forEach(e::addSuppressed);
            throw e;
        }
        return removed;
    }

    private void requireNotPendingDeletion(KmsKey key) {
        if (key.state() == KeyState.PendingDeletion) {
            throw CastellanException.invalidState(locator.arn(key.id()) + " is pending deletion.");
        }
    }

    /** Applies a state transition to the key inside one write transaction, with its audit event. */
    private KmsKey change(Principal p, String keyId, String operation, UnaryOperator<KmsKey> transition) {
        Instant now = clock.instant();
        return store.write(tx -> {
            KmsKey key = locator.requireKey(tx, keyId, now);
            KmsKey next = transition.apply(key);
            String detail = key.state() + " -> " + next.state();
            return tx.update(next, audit.success(p, operation, locator.arn(key.id()), detail));
        });
    }
}
