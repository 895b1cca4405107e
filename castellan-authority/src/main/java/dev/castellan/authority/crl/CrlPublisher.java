package dev.castellan.authority.crl;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.store.Store;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.crl.CrlHeader;
import dev.castellan.core.crl.CrlIssuer;
import dev.castellan.core.crl.CrlWriter;
import dev.castellan.core.crl.StreamingKeySigner;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.x509.KeySigner;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs and publishes the CRLs that are due: every dirty scope (a revocation happened since its last CRL) and every
 * scope whose CRL is past the midpoint to its nextUpdate. A server runs {@link #publishDue} every few seconds.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>One publisher.</b> Servers sharing a database compete for a lease row; only its holder publishes. The
 *   lease is renewed on every run and expires after {@code leaseDuration} if the holder dies, so another server
 *   takes over within that time.</li>
 *   <li><b>Never stale over new.</b> Each CRL of a scope gets a number above every number reserved or published for
 *   it, of at least the signing time in epoch milliseconds (as AWS numbers CRLs). The publication is stored only
 *   if its number is still the highest; a slow or deposed publisher's CRL is dropped, never written over a newer
 *   one. The store row, not the bucket file, is what the HTTP distribution point serves.</li>
 *   <li><b>Order (ARCHITECTURE.md rule 3).</b> (1) reserve the CRL number and audit the intent, (2) read the scope
 *   in one snapshot and sign, (3) store the CRL with the generation the snapshot saw and audit the outcome,
 *   (4) mirror it into the bucket. A revocation committed after the snapshot leaves the scope dirty, so the next
 *   run picks it up.</li>
 *   <li><b>Memory and cores.</b> Entries stream from one database cursor into the encoder; no revocation is ever held
 *   as an object, only the CRL's own bytes. Independent scopes are signed in parallel, one per core (at most
 *   {@link #PARALLELISM}), so at most that many CRLs are in memory at once.</li>
 *   <li><b>Content.</b> An expired certificate stays listed until one CRL after it expired: an entry is left out once
 *   its notAfter precedes the previous CRL's thisUpdate.</li>
 * </ul>
 */
public final class CrlPublisher {
    private static final Logger log = LoggerFactory.getLogger(CrlPublisher.class);
    public static final String LEASE = "crl-publisher";
    /** thisUpdate is set this far back so relying parties whose clocks lag do not see a CRL "not yet valid". */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** nextUpdate without ExpirationInDays: the AWS console's default of 7 days. */
    static final int DEFAULT_EXPIRATION_DAYS = 7;
    /** Scopes signed at once: every core, within what the store's connection pools serve without queueing. */
    static final int PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Store store;
    private final KeyProvider keys;
    private final InstantSource clock;
    private final CaLocator locator;
    private final BucketWriter buckets;
    private final String holder;
    private final Duration leaseDuration;

    /** What one run did. */
    public record Result(boolean leaseHeld, int published, int stale, int failed) {}

    public CrlPublisher(Store store, KeyProvider keys, InstantSource clock, AuthoritySettings settings,
            BucketWriter buckets, String holder, Duration leaseDuration) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.locator = new CaLocator(settings.partition(), settings.region(), settings.account());
        this.buckets = buckets;
        this.holder = holder;
        this.leaseDuration = leaseDuration;
    }

    /** Publishes every CRL due at {@code now}, if this server holds (or can take) the publisher lease. */
    public Result publishDue(Instant now) {
        if (!renewLease()) {
            return new Result(false, 0, 0, 0);
        }
        Lease lease = new Lease(clock.instant());
        List<CrlScope> due = store.read(tx -> tx.crlScopesDue(now));
        Map<UUID, Optional<CertificateAuthority>> cas = new HashMap<>();
        List<Publication> work = new ArrayList<>();
        for (CrlScope scope : due) {
            cas.computeIfAbsent(scope.caId(), id -> store.read(tx -> tx.certificateAuthority(id)).filter(c -> publishes(c, now)))
                    .ifPresent(ca -> work.add(new Publication(ca, scope)));
        }
        AtomicInteger published = new AtomicInteger();
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Consumer<Publication> one = p -> {
            if (!lease.stillHeld()) {
                return;
            }
            try {
                (publish(p.ca(), p.scope(), now) ? published : stale).incrementAndGet();
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                log.error("Could not publish the CRL of scope {} of CA {}", p.scope().scopeId(), p.scope().caId(), e);
                audit(p.scope().caId(), now, AuditEvent.Outcome.FAILURE, "scope " + p.scope().scopeId() + ": " + e.getMessage());
            }
        };
        if (work.size() < 2) {
            work.forEach(one);
        } else {
            // Scopes are independent: sign them on every core. Dirty ones were listed first and are started first.
            try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, work.size()))) {
                work.forEach(p -> pool.execute(() -> one.accept(p)));
            }
        }
        if (published.get() + failed.get() > 0) {
            log.info("Published {} CRLs ({} stale, {} failed)", published, stale, failed);
        }
        return new Result(true, published.get(), stale.get(), failed.get());
    }

    private record Publication(CertificateAuthority ca, CrlScope scope) {}

    /** The lease during one run: renewed when a third of it has passed, and once lost, lost for the run. */
    private final class Lease {
        private Instant renewedAt;
        private boolean lost;

        Lease(Instant renewedAt) {
            this.renewedAt = renewedAt;
        }

        synchronized boolean stillHeld() {
            if (!lost && Duration.between(renewedAt, clock.instant()).compareTo(leaseDuration.dividedBy(3)) > 0) {
                lost = !renewLease();
                renewedAt = clock.instant();
                if (lost) {
                    log.warn("Lost the CRL publisher lease during a run; another server continues");
                }
            }
            return !lost;
        }
    }

    /** CRLs are generated while the CA is ACTIVE or DISABLED and CRLs are enabled (AWS capability matrix). */
    private static boolean publishes(CertificateAuthority ca, Instant now) {
        CaStatus s = ca.effectiveStatus(now);
        return (s == CaStatus.ACTIVE || s == CaStatus.DISABLED) && ca.revocation().crl().enabled()
                && ca.certificateDer() != null;
    }

    private boolean renewLease() {
        Instant at = clock.instant();
        return store.write(tx -> tx.acquireLease(LEASE, holder, at, at.plus(leaseDuration)));
    }

    /** Steps (1)-(4) of the design for one scope; false if another publisher got there first. */
    private boolean publish(CertificateAuthority ca, CrlScope due, Instant now) {
        RevocationConfiguration.Crl config = ca.revocation().crl();
        // (1) Reserve a number above every earlier one and record the intent before the key is used.
        Long number = store.write(tx -> {
            if (!tx.holdsLease(LEASE, holder, clock.instant())) {
                return null;
            }
            CrlScope s = tx.crlScope(due.caId(), due.scopeId()).orElseThrow();
            long n = Math.max(Math.max(s.crlNumber(), s.reservedCrlNumber()) + 1, now.toEpochMilli());
            if (!tx.reserveCrlNumber(s.caId(), s.scopeId(), n)) {
                return null;
            }
            audit(tx, ca.id(), now, AuditEvent.Outcome.SUCCESS, "signing CRL " + n + " of scope " + s.scopeId());
            return n;
        });
        if (number == null) {
            return false;
        }
        int days = config.expirationInDays() != null ? config.expirationInDays() : DEFAULT_EXPIRATION_DAYS;
        Instant nextUpdate = now.plus(Duration.ofDays(days));
        Instant refreshAt = now.plus(Duration.ofDays(days).dividedBy(2));
        CrlIssuer issuer = CrlIssuer.of(ca.certificateDer());
        // (2) One snapshot: the generation and the previous thisUpdate belong to the entries that are signed.
        Signed signed = store.read(tx -> {
            CrlScope s = tx.crlScope(due.caId(), due.scopeId()).orElseThrow();
            Instant floor = s.thisUpdate() == null ? Instant.EPOCH : s.thisUpdate();
            CrlHeader header = new CrlHeader(issuer.name(),
                    KeySigner.algorithmIdentifier(ca.configuration().signingAlgorithm()), now.minus(CLOCK_SKEW),
                    nextUpdate, BigInteger.valueOf(number), issuer.keyIdentifier(),
                    s.kind() == CrlScope.Kind.PARTITION ? List.of(s.distributionPoint()) : List.of());
            CrlWriter.Prepared prepared = CrlWriter.prepare(header,
                    visitor -> tx.forEachRevoked(s.caId(), s.partitionId(), floor, visitor));
            byte[] der = prepared.sign(new StreamingKeySigner(keys, ca.key(), ca.configuration().signingAlgorithm()));
            return new Signed(s, der, prepared.entryCount(), header.thisUpdate());
        });
        // (3) Store it unless a newer CRL of the scope was stored meanwhile.
        CrlPublication publication = new CrlPublication(due.caId(), due.scopeId(), number, signed.thisUpdate(),
                nextUpdate, signed.der());
        boolean stored = store.write(tx -> {
            if (!tx.holdsLease(LEASE, holder, clock.instant()) || !tx.publish(publication, signed.scope().generation(), refreshAt)) {
                return false;
            }
            audit(tx, ca.id(), now, AuditEvent.Outcome.SUCCESS, "published CRL " + number + " of scope "
                    + due.scopeId() + ": " + signed.entries() + " entries, " + signed.der().length + " bytes");
            return true;
        });
        if (!stored) {
            return false;
        }
        // (4) Mirror into the bucket: the store already serves it, so a failure here is logged, not fatal.
        mirror(ca, signed.scope(), signed.der());
        return true;
    }

    private record Signed(CrlScope scope, byte[] der, long entries, Instant thisUpdate) {}

    private void mirror(CertificateAuthority ca, CrlScope scope, byte[] der) {
        RevocationConfiguration.Crl config = ca.revocation().crl();
        String bucket = scope.kind() == CrlScope.Kind.PARTITION ? scope.bucket() : config.s3BucketName();
        String key = scope.kind() == CrlScope.Kind.PARTITION ? scope.objectKey() : DistributionUrls.completeCrlKey(ca.id());
        try {
            buckets.put(bucket, key, der);
            buckets.put(bucket, DistributionUrls.caCertificateKey(ca.id()), ca.certificateDer());
        } catch (RuntimeException e) {
            log.error("Could not write {}/{}; the CRL is published and served from the store", bucket, key, e);
        }
    }

    private void audit(UUID caId, Instant now, AuditEvent.Outcome outcome, String detail) {
        try {
            store.write(tx -> {
                audit(tx, caId, now, outcome, detail);
                return null;
            });
        } catch (RuntimeException e) {
            log.error("Could not record the audit event: {}", detail, e);
        }
    }

    private void audit(WriteTransaction tx, UUID caId, Instant now, AuditEvent.Outcome outcome, String detail) {
        Principal system = Principal.system();
        tx.append(new AuditEvent(now, system.name() + "/" + system.accessKeyId(), "GenerateCrl",
                locator.arn(caId).toString(), outcome, detail));
    }
}
