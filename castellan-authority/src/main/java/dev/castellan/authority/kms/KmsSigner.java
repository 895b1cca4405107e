package dev.castellan.authority.kms;

import dev.castellan.authority.authz.Principal;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.Futures;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.SignatureScheme;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;

/**
 * Sign and Verify of the key service.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li><b>Request before key.</b> The pairing of algorithm and message type, and the exact length of a digest or
 *   μ, are checked first: they are properties of the request alone (ValidationException).</li>
 *   <li><b>Key checks</b> (not found, disabled, pending deletion, algorithm not offered by the key spec) run in a
 *   read transaction, then the provider signs outside any transaction, so a slow RSA-4096 signature never holds a
 *   database lock.</li>
 *   <li><b>Remembered keys.</b> A key that signed is remembered by the KeyId the caller gave. Its id, spec, usage
 *   and provider key never change, so the next Sign with that KeyId skips the read transaction: only the checks on
 *   those immutable properties run before signing. Its state and, for an alias, its target may change, so they are
 *   never taken from memory: the write transaction decides on them. DryRun always reads, since it must answer
 *   without signing.</li>
 *   <li><b>Record, then release.</b> The signature leaves the service only after the audit event describing it has
 *   committed, in a write transaction that resolves the KeyId again: if the key was disabled, scheduled for
 *   deletion or deleted, or the alias was deleted, while the provider was signing or since the key was remembered,
 *   the signature is thrown away, the failure is what is recorded, and the key is forgotten. If the alias now names
 *   another key, that signature is thrown away too and the request is signed again with the new target. A crash
 *   between signing and commit loses a signature nobody has seen, never an audit record of one that was handed
 *   out.</li>
 * </ol>
 * The price of remembering is a signature computed in vain for a key disabled since it last signed; the saving is a
 * read transaction on every Sign (measured in docs/benchmarks.md, KMS Sign section).
 *
 * <p>Verify needs only the public key and changes nothing, so it is not audited; it answers an invalid signature
 * with KMSInvalidSignatureException, as KMS does, never with {@code SignatureValid: false}.
 */
final class KmsSigner {
    /** Beyond this many remembered KeyIds, memory is cleared rather than grown: a bound, not a cache policy. */
    private static final int MAX_REMEMBERED = 10_000;
    /** Where a Sign whose alias moved is signed again (rare; never the store's answering thread). */
    private static final Executor ELSEWHERE = task -> Thread.ofVirtual().name("kms-sign-again").start(task);

    private final KmsKeyStore store;
    private final KeyProvider keys;
    private final InstantSource clock;
    private final KeyLocator locator;
    private final KmsAudit audit;
    /** Keys that signed, by the KeyId as the caller gave it; only their immutable properties are used. */
    private final ConcurrentMap<String, KmsKey> remembered = new ConcurrentHashMap<>();

    KmsSigner(KmsKeyStore store, KeyProvider keys, InstantSource clock, KeyLocator locator, KmsAudit audit) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.locator = locator;
        this.audit = audit;
    }

    KeyService.SignResult sign(Principal p, SignRequest r) {
        return Futures.join(signLater(p, r));
    }

    /**
     * Checks and signs on the calling thread, then answers once the audit event is durable; the future completes on
     * the store's answering thread (see {@link KmsKeyStore#writeLater}). A refusal found before signing is thrown.
     */
    CompletableFuture<KeyService.SignResult> signLater(Principal p, SignRequest r) {
        return sign(p, r, true);
    }

    private CompletableFuture<KeyService.SignResult> sign(Principal p, SignRequest r, boolean mayFollowAlias) {
        // 1. The request alone.
        SignatureScheme scheme = checkedScheme(r.algorithm(), r.messageType(), r.message());
        // 2. The key: remembered, or as of now from a read transaction.
        KmsKey key = r.dryRun() ? null : remembered.get(r.keyId());
        if (key != null) {
            requireSuitable(key, locator.arn(key.id()), r.algorithm());
        } else {
            Instant now = clock.instant();
            key = store.read(tx -> locator.require(tx, r.keyId(), now));
            requireUsable(key, locator.arn(key.id()), r.algorithm());
            if (r.dryRun()) {
                throw dryRun();
            }
        }
        KmsKeyArn arn = locator.arn(key.id());
        // 3. Sign outside any transaction.
        byte[] signature = keys.sign(key.keyRef(), scheme.name(), r.message());
        // 4. Record; release only what was recorded as a success.
        String detail = r.algorithm() + " " + r.messageType() + " sha256:" + sha256Hex(r.message());
        UUID signedWith = key.id();
        KmsKey signedKey = key;
        return store.writeLater(tx -> {
            Instant at = clock.instant();
            KmsKey current;
            try {
                current = locator.require(tx, r.keyId(), at);
            } catch (CastellanException gone) {
                tx.record(audit.failure(p, "Sign", arn, detail + " discarded: " + gone.getMessage()));
                return new Outcome(gone, false);
            }
            if (!current.id().equals(signedWith)) {
                tx.record(audit.failure(p, "Sign", arn, detail + " discarded: " + r.keyId() + " now names "
                        + locator.arn(current.id())));
                return new Outcome(null, true);
            }
            CastellanException problem = usabilityProblem(current, arn, r.algorithm());
            tx.record(problem == null ? audit.success(p, "Sign", arn, detail)
                    : audit.failure(p, "Sign", arn, detail + " discarded: " + problem.getMessage()));
            return new Outcome(problem, false);
        }).thenCompose(outcome -> {
            if (outcome.retarget() || outcome.refused() != null) {
                remembered.remove(r.keyId());
                if (outcome.retarget() && mayFollowAlias) {
                    // The alias was moved: sign again with its new key, read afresh. That is a signature's CPU and
                    // a read, so not on the store's answering thread that runs this; it is rare, a virtual thread
                    // will do.
                    return CompletableFuture.supplyAsync(() -> sign(p, r, false), ELSEWHERE).thenCompose(f -> f);
                }
                if (outcome.retarget()) {
                    throw CastellanException.invalidState("The alias " + r.keyId() + " was moved to another key"
                            + " twice while signing; retry.");
                }
                throw outcome.refused();
            }
            remember(r.keyId(), signedKey);
            return CompletableFuture.completedFuture(new KeyService.SignResult(arn, signature, r.algorithm()));
        });
    }


    /** What step 4 decided: a refusal to throw, or that the alias moved and the request must be signed again. */
    private record Outcome(CastellanException refused, boolean retarget) {}

    private void remember(String keyId, KmsKey key) {
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.putIfAbsent(keyId, key);
    }

    KmsKeyArn verify(Principal p, VerifyRequest r) {
        SignatureScheme scheme = checkedScheme(r.algorithm(), r.messageType(), r.message());
        Instant now = clock.instant();
        KmsKey key = store.read(tx -> locator.require(tx, r.keyId(), now));
        KmsKeyArn arn = locator.arn(key.id());
        requireUsable(key, arn, r.algorithm());
        if (r.dryRun()) {
            throw dryRun();
        }
        if (!scheme.verify(keys.publicKey(key.keyRef()), r.message(), r.signature())) {
            throw new CastellanException(ErrorCode.INVALID_SIGNATURE,
                    "The signature is not valid for this message, key and signing algorithm.");
        }
        return arn;
    }

    /** The scheme for the request, after the checks KMS makes on the request alone. */
    private static SignatureScheme checkedScheme(KmsSigningAlgorithm algorithm, MessageType type, byte[] message) {
        SignatureScheme scheme = algorithm.scheme(type);
        scheme.requiredInputLength().ifPresent(n -> {
            if (message.length != n) {
                throw CastellanException.validation(type == MessageType.EXTERNAL_MU
                        ? "An EXTERNAL_MU message must be exactly " + n + " bytes, not " + message.length + "."
                        : "Digest is invalid length for algorithm " + algorithm + ": it must be " + n
                                + " bytes, not " + message.length + ".");
            }
        });
        return scheme;
    }

    /** Refuses a key that may not be used now; shared by Sign, Verify and GetPublicKey. */
    static void requireUsable(KmsKey key, KmsKeyArn arn, KmsSigningAlgorithm algorithm) {
        CastellanException problem = usabilityProblem(key, arn, algorithm);
        if (problem != null) {
            throw problem;
        }
    }

    /** Why the key cannot be used with the algorithm (null: it can); a null algorithm checks the state only. */
    static CastellanException usabilityProblem(KmsKey key, KmsKeyArn arn, KmsSigningAlgorithm algorithm) {
        switch (key.state()) {
            case Enabled -> { }
            case Disabled -> {
                return new CastellanException(ErrorCode.DISABLED, arn + " is disabled.");
            }
            case PendingDeletion -> {
                return CastellanException.invalidState(arn + " is pending deletion.");
            }
        }
        return suitabilityProblem(key, arn, algorithm);
    }

    /** Refuses a key whose immutable properties (usage, spec) do not allow the algorithm; its state is ignored. */
    private static void requireSuitable(KmsKey key, KmsKeyArn arn, KmsSigningAlgorithm algorithm) {
        CastellanException problem = suitabilityProblem(key, arn, algorithm);
        if (problem != null) {
            throw problem;
        }
    }

    private static CastellanException suitabilityProblem(KmsKey key, KmsKeyArn arn, KmsSigningAlgorithm algorithm) {
        if (key.usage() != KeyUsage.SIGN_VERIFY) {
            return new CastellanException(ErrorCode.INVALID_KEY_USAGE, arn + " key usage is " + key.usage()
                    + ", which does not allow signing.");
        }
        if (algorithm != null && !key.spec().signingAlgorithms().contains(algorithm)) {
            return new CastellanException(ErrorCode.INVALID_KEY_USAGE, "Signing algorithm " + algorithm
                    + " is not valid for key spec " + key.spec() + " of " + arn + "; valid algorithms are "
                    + key.spec().signingAlgorithms() + ".");
        }
        return null;
    }

    private static CastellanException dryRun() {
        return new CastellanException(ErrorCode.DRY_RUN, "The request would have succeeded, but the DryRun parameter"
                + " was set.");
    }

    private static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
