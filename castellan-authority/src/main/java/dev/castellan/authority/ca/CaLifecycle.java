package dev.castellan.authority.ca;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.crl.CrlScopes;
import dev.castellan.authority.store.ReadTransaction.IdempotencyRecord;
import dev.castellan.authority.store.Store;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.csr.CaCsrFactory;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.x509.CaCertificateImport;
import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The state machine of a certificate authority (CREATING → PENDING_CERTIFICATE → ACTIVE ⇄ DISABLED, EXPIRED,
 * DELETED) and the writes that move it. Each transition checks the effective status inside the write
 * transaction and records an audit event in it, so a lost race surfaces as a concurrent-modification error
 * rather than a transition from a state the CA is no longer in.
 */
public final class CaLifecycle {
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    private static final Set<CaStatus> DELETABLE =
            Set.of(CaStatus.PENDING_CERTIFICATE, CaStatus.CREATING, CaStatus.EXPIRED, CaStatus.DISABLED, CaStatus.FAILED);

    private final Store store;
    private final KeyProvider keys;
    private final InstantSource clock;
    private final CaLocator locator;

    public CaLifecycle(Store store, KeyProvider keys, InstantSource clock, CaLocator locator) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.locator = locator;
    }

    public CaArn create(Principal principal, CreateCaRequest request) {
        CaConfiguration config = request.configuration();
        if (!config.signingAlgorithm().fits(config.keyAlgorithm())) {
            throw CastellanException.invalidArgs("SigningAlgorithm " + config.signingAlgorithm()
                    + " cannot be used with KeyAlgorithm " + config.keyAlgorithm() + ".");
        }
        if (config.subject().isEmpty()) {
            throw CastellanException.invalidArgs("The CA subject must contain at least one attribute.");
        }
        if (config.subject().hasNamedAttributes() && !config.subject().customAttributes().isEmpty()) {
            throw CastellanException.invalidArgs("CustomAttributes cannot be combined with named subject attributes.");
        }
        RevocationConfiguration revocation =
                request.revocation() == null ? RevocationConfiguration.DISABLED : request.revocation();
        RevocationRules.check(revocation);
        TagRules.check(request.tags());
        if (request.tags().size() > TagRules.MAX_TAGS) {
            throw new CastellanException(dev.castellan.core.ErrorCode.TOO_MANY_TAGS, "At most 50 tags are allowed.");
        }
        String argsHash = hash(request.toString());
        Instant now = clock.instant();
        if (request.idempotencyToken() != null) {
            Optional<CaArn> earlier = store.read(tx -> replay(tx, request.idempotencyToken(), argsHash, now));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }

        // The key and CSR are made before the transaction: key generation can take a second (RSA-4096) and
        // must not hold a database lock. A crash here leaves an unused sealed key, never a CA without a key.
        KeyRef key = keys.generate(config.keyAlgorithm());
        PKCS10CertificationRequest csr =
                CaCsrFactory.create(keys, key, config.signingAlgorithm(), config.subject(), config.csrExtensions());
        UUID id = UUID.randomUUID();
        CertificateAuthority ca = new CertificateAuthority.Builder()
                .id(id).type(request.type()).status(CaStatus.PENDING_CERTIFICATE).usageMode(request.usageMode())
                .keyStorageSecurityStandard(request.keyStorageSecurityStandard()).configuration(config)
                .revocation(revocation).key(key).csrDer(encoded(csr)).createdAt(now).lastStateChangeAt(now)
                .tags(request.tags()).version(0).build();
        return store.write(tx -> {
            if (request.idempotencyToken() != null) {
                Optional<CaArn> raced = replay(tx, request.idempotencyToken(), argsHash, now);
                if (raced.isPresent()) {
                    return raced.get();
                }
                tx.remember(new IdempotencyRecord("CreateCertificateAuthority", request.idempotencyToken(), argsHash,
                        id.toString(), now));
            }
            tx.insert(ca);
            CaArn arn = locator.arn(id);
            audit(tx, principal, "CreateCertificateAuthority", arn, request.type() + " " + config.keyAlgorithm()
                    + " key " + key);
            return arn;
        });
    }

    private Optional<CaArn> replay(
            dev.castellan.authority.store.ReadTransaction tx, String token, String argsHash, Instant now) {
        return tx.idempotency("CreateCertificateAuthority", token, now.minus(IDEMPOTENCY_WINDOW)).map(r -> {
            if (!r.argumentsHash().equals(argsHash)) {
                throw CastellanException.invalidArgs("The IdempotencyToken '" + token
                        + "' was used in the last 5 minutes with different arguments.");
            }
            return locator.arn(UUID.fromString(r.result()));
        });
    }

    public void importCertificate(Principal principal, CaArn arn, byte[] certificatePem, byte[] chainPem) {
        Instant now = clock.instant();
        change(principal, arn, "ImportCertificateAuthorityCertificate", ca -> {
            CaStatus status = ca.effectiveStatus(now);
            if (status != CaStatus.PENDING_CERTIFICATE && status != CaStatus.ACTIVE && status != CaStatus.EXPIRED) {
                throw CastellanException.invalidState("A certificate can be imported only into a CA that is "
                        + "PENDING_CERTIFICATE, ACTIVE or EXPIRED; this CA is " + status + ".");
            }
            X500Principal subject = csrSubject(ca);
            CaCertificateImport.Accepted accepted = CaCertificateImport.check(certificatePem, chainPem,
                    keys.publicKey(ca.key()), subject, ca.type(), now);
            X509Certificate cert = accepted.certificate();
            // A CA that was disabled before its certificate expired stays disabled after renewal (AWS rule).
            CaStatus next = ca.status() == CaStatus.DISABLED ? CaStatus.DISABLED : CaStatus.ACTIVE;
            return ca.toBuilder().status(next).certificateDer(der(cert))
                    .chainPem(accepted.chain().isEmpty() ? null : pemChain(accepted.chain()))
                    .certificateSerialHex(cert.getSerialNumber().toString(16))
                    .notBefore(cert.getNotBefore().toInstant()).notAfter(cert.getNotAfter().toInstant())
                    .lastStateChangeAt(now).build();
        });
    }

    public void update(Principal principal, CaArn arn, RevocationConfiguration revocation, CaStatus newStatus) {
        if (newStatus != null && newStatus != CaStatus.ACTIVE && newStatus != CaStatus.DISABLED) {
            throw CastellanException.invalidArgs("Status can only be set to ACTIVE or DISABLED, not " + newStatus + ".");
        }
        if (revocation != null) {
            RevocationRules.check(revocation);
        }
        Instant now = clock.instant();
        change(principal, arn, "UpdateCertificateAuthority", (tx, ca) -> {
            CaStatus status = ca.effectiveStatus(now);
            if (status != CaStatus.ACTIVE && status != CaStatus.DISABLED) {
                throw CastellanException.invalidState(
                        "Only an ACTIVE or DISABLED CA can be updated; this CA is " + status + ".");
            }
            CertificateAuthority.Builder b = ca.toBuilder();
            if (revocation != null) {
                CrlScopes.onConfigurationChange(tx, ca, revocation, now);
                b.revocation(revocation);
            }
            if (newStatus != null && newStatus != ca.status()) {
                b.status(newStatus).lastStateChangeAt(now);
            }
            return b.build();
        });
    }

    public void delete(Principal principal, CaArn arn, Integer permanentDeletionTimeInDays) {
        int days = permanentDeletionTimeInDays == null ? 30 : permanentDeletionTimeInDays;
        if (days < 7 || days > 30) {
            throw CastellanException.invalidArgs("PermanentDeletionTimeInDays must be between 7 and 30, not " + days + ".");
        }
        Instant now = clock.instant();
        change(principal, arn, "DeleteCertificateAuthority", ca -> {
            CaStatus status = ca.effectiveStatus(now);
            if (!DELETABLE.contains(status)) {
                throw CastellanException.invalidState("A CA that is " + status + " cannot be deleted"
                        + (status == CaStatus.ACTIVE ? "; disable it first." : "."));
            }
            // A CA that never had a certificate has nothing to restore: it is gone at once.
            boolean immediate = status == CaStatus.PENDING_CERTIFICATE || status == CaStatus.CREATING
                    || status == CaStatus.FAILED;
            return ca.toBuilder().status(CaStatus.DELETED).statusBeforeDeletion(ca.status()).lastStateChangeAt(now)
                    .restorableUntil(immediate ? now : now.plus(Duration.ofDays(days))).build();
        });
    }

    public void restore(Principal principal, CaArn arn) {
        Instant now = clock.instant();
        change(principal, arn, "RestoreCertificateAuthority", ca -> {
            if (ca.status() != CaStatus.DELETED) {
                throw CastellanException.invalidState(
                        "Only a DELETED CA can be restored; this CA is " + ca.effectiveStatus(now) + ".");
            }
            return ca.toBuilder().status(ca.statusBeforeDeletion()).statusBeforeDeletion(null)
                    .restorableUntil(null).lastStateChangeAt(now).build();
        });
    }

    public void tag(Principal principal, CaArn arn, List<Tag> tags) {
        TagRules.check(tags);
        Instant now = clock.instant();
        change(principal, arn, "TagCertificateAuthority", ca -> {
            requireNotDeleted(ca, now);
            return ca.toBuilder().tags(TagRules.merge(ca.tags(), tags)).build();
        });
    }

    public void untag(Principal principal, CaArn arn, List<Tag> tags, List<Boolean> valueGiven) {
        TagRules.check(tags);
        Instant now = clock.instant();
        change(principal, arn, "UntagCertificateAuthority", ca -> {
            requireNotDeleted(ca, now);
            return ca.toBuilder().tags(TagRules.remove(ca.tags(), tags, valueGiven)).build();
        });
    }

    static void requireNotDeleted(CertificateAuthority ca, Instant now) {
        if (ca.status() == CaStatus.DELETED) {
            throw CastellanException.invalidState("The CA is DELETED; restore it first.");
        }
    }

    private void change(Principal principal, CaArn arn, String action, UnaryOperator<CertificateAuthority> transition) {
        change(principal, arn, action, (tx, ca) -> transition.apply(ca));
    }

    private void change(Principal principal, CaArn arn, String action,
            BiFunction<WriteTransaction, CertificateAuthority, CertificateAuthority> transition) {
        Instant now = clock.instant();
        store.write(tx -> {
            CertificateAuthority ca = locator.require(tx, arn, now);
            CertificateAuthority changed = transition.apply(tx, ca);
            tx.update(changed);
            audit(tx, principal, action, arn, changed.status().toString());
            return null;
        });
    }

    private void audit(WriteTransaction tx, Principal principal, String action, CaArn arn, String detail) {
        tx.append(new AuditEvent(clock.instant(), principal.name() + "/" + principal.accessKeyId(), action,
                arn.toString(), AuditEvent.Outcome.SUCCESS, detail));
    }

    static X500Principal csrSubject(CertificateAuthority ca) {
        try {
            return new X500Principal(new PKCS10CertificationRequest(ca.csrDer()).getSubject().getEncoded());
        } catch (IOException e) {
            throw new IllegalStateException("stored CSR of CA " + ca.id() + " does not parse", e);
        }
    }

    public static boolean isRoot(CertificateAuthority ca) {
        return ca.type() == CaType.ROOT;
    }

    private static byte[] encoded(PKCS10CertificationRequest csr) {
        try {
            return csr.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] der(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pemChain(List<X509Certificate> chain) {
        StringBuilder b = new StringBuilder();
        for (X509Certificate c : chain) {
            b.append(Pem.encode("CERTIFICATE", der(c)));
        }
        return b.toString();
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
