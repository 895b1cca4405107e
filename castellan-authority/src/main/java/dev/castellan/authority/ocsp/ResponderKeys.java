package dev.castellan.authority.ocsp;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.issuance.CertificateArn;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.CaDirectory.CaContext;
import dev.castellan.authority.store.Store;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Serial;
import dev.castellan.core.ocsp.ResponderCertificates;
import dev.castellan.core.ocsp.ResponderIdentity;
import dev.castellan.core.x509.CertificateLinter;
import dev.castellan.core.x509.KeySigner;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delegated OCSP responder of each CA: found in the store, or created — a new key in the CA's key provider and
 * an OCSP-signing certificate the CA issues to it — and replaced {@code responderRenewBefore} its expiry.
 *
 * <p>Design notes:
 * <ul>
 *   <li><b>Issuance discipline (ARCHITECTURE.md rule 3).</b> The certificate's serial is reserved as a PENDING
 *   certificate of the CA with an audit event before the CA key signs; the certificate is linted, then committed
 *   as ISSUED together with the responder row and a second audit event. A crash in between leaves a PENDING row
 *   and an unused key, never a responder the store does not know.</li>
 *   <li><b>Several servers.</b> Whoever finds no usable responder takes a lease row named after the CA before
 *   creating one; a server that cannot get it keeps using the old responder while that is still valid, or answers
 *   tryLater. Servers adopt the newest row from the store, so after one server rotates the others follow when their
 *   own copy falls due. Rotation runs from {@link #renewDue}, off the request path.</li>
 *   <li><b>Never past the CA.</b> A responder certificate ends no later than the CA's; one cut short that way is
 *   not renewed early, since its successor could not last longer.</li>
 * </ul>
 */
final class ResponderKeys {
    private static final Logger log = LoggerFactory.getLogger(ResponderKeys.class);
    static final String PRINCIPAL = "castellan-system/ocsp-responder";
    static final String LEASE_PREFIX = "ocsp-responder/";
    static final Duration LEASE = Duration.ofMinutes(2);
    /** notBefore is set back so clients whose clocks lag accept the responder at once. */
    static final Duration BACKDATE = Duration.ofHours(1);

    /** A responder in use: its identity, the CA certificate it was checked against, and when to replace it. */
    record Signing(ResponderIdentity identity, byte[] caCertificateDer, Instant notAfter, Instant renewAt) {}

    private final Store store;
    private final KeyProvider keys;
    private final RandomGenerator random;
    private final OcspSettings settings;
    private final CaLocator locator;
    private final String node;
    private final Map<UUID, Signing> current = new ConcurrentHashMap<>();
    private final Map<UUID, ReentrantLock> locks = new ConcurrentHashMap<>();

    ResponderKeys(Store store, KeyProvider keys, RandomGenerator random, OcspSettings settings, CaLocator locator, String node) {
        this.store = store;
        this.keys = keys;
        this.random = random;
        this.settings = settings;
        this.locator = locator;
        this.node = node;
    }

    /** The responder signing for the CA at {@code now}; the CA's first one is created here if it has none usable. */
    ResponderIdentity signing(CaContext ca, Instant now) {
        UUID id = ca.ca().id();
        Signing s = current.get(id);
        if (usable(s, ca, now)) {
            return s.identity();
        }
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            s = current.get(id);
            if (!usable(s, ca, now)) {
                s = loadOrCreate(ca, now, s);
                current.put(id, s);
            }
            return s.identity();
        } finally {
            lock.unlock();
        }
    }

    /** Replaces every responder in use that is due; {@code cas} finds the CAs that still answer. */
    void renewDue(Function<UUID, Optional<CaContext>> cas, Instant now) {
        for (Map.Entry<UUID, Signing> e : current.entrySet()) {
            if (now.isBefore(e.getValue().renewAt())) {
                continue;
            }
            Optional<CaContext> ca = cas.apply(e.getKey());
            if (ca.isEmpty()) {
                current.remove(e.getKey());
                continue;
            }
            ReentrantLock lock = locks.computeIfAbsent(e.getKey(), k -> new ReentrantLock());
            lock.lock();
            try {
                current.put(e.getKey(), loadOrCreate(ca.get(), now, e.getValue()));
            } catch (RuntimeException ex) {
                log.warn("could not renew the OCSP responder of CA {}; retrying on the next run", e.getKey(), ex);
            } finally {
                lock.unlock();
            }
        }
    }

    private static boolean usable(Signing s, CaContext ca, Instant now) {
        return s != null && now.isBefore(s.notAfter()) && Arrays.equals(s.caCertificateDer(), ca.ca().certificateDer());
    }

    /** The newest stored responder if it is not due; else a new one, or the old one while another server creates it. */
    private Signing loadOrCreate(CaContext ca, Instant now, Signing inUse) {
        Optional<DelegatedResponder> row = store.read(tx -> tx.ocspResponder(ca.ca().id()));
        Signing stored = row.map(r -> adopt(r, ca, now)).orElse(null);
        if (stored != null && now.isBefore(stored.renewAt())) {
            return stored;
        }
        Signing fallback = stored != null ? stored : usable(inUse, ca, now) ? inUse : null;
        try {
            return create(ca, now, row.isPresent());
        } catch (CastellanException e) {
            if (e.code() == ErrorCode.REQUEST_IN_PROGRESS && fallback != null) {
                return fallback;
            }
            throw e;
        }
    }

    /** A stored responder, if its certificate is valid now and was issued by the CA's current certificate. */
    private Signing adopt(DelegatedResponder r, CaContext ca, Instant now) {
        try {
            X509CertificateHolder cert = new X509CertificateHolder(r.certificateDer());
            X509Certificate jdk = dev.castellan.core.x509.Pem.certificate(r.certificateDer());
            jdk.verify(ca.certificate().getPublicKey());
            if (!jdk.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
                    || now.isBefore(r.notBefore()) || !now.isBefore(r.notAfter())) {
                return null;
            }
            SigningAlgorithm algorithm = ca.ca().configuration().signingAlgorithm();
            return new Signing(new ResponderIdentity(keys, r.key(), algorithm, cert), ca.ca().certificateDer(),
                    r.notAfter(), renewAt(r.notAfter(), ca));
        } catch (IOException | GeneralSecurityException e) {
            log.warn("the stored OCSP responder {} of CA {} is not usable: {}", r.serial(), r.caId(), e.toString());
            return null;
        }
    }

    private Instant renewAt(Instant notAfter, CaContext ca) {
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        return notAfter.isBefore(caNotAfter) ? notAfter.minus(settings.responderRenewBefore()) : notAfter;
    }

    private Signing create(CaContext ctx, Instant now, boolean rotation) {
        var ca = ctx.ca();
        X509Certificate caCert = ctx.certificate();
        SigningAlgorithm algorithm = ca.configuration().signingAlgorithm();

        // 1. One creator among the servers sharing the store.
        if (!store.write(tx -> tx.acquireLease(LEASE_PREFIX + ca.id(), node, now, now.plus(LEASE)))) {
            throw new CastellanException(ErrorCode.REQUEST_IN_PROGRESS,
                    "Another server is creating the OCSP responder of " + ca.id() + ".");
        }

        // 2. The key, created inside the CA's key provider, and the to-be-signed certificate.
        KeyRef key = keys.generate(ca.configuration().keyAlgorithm());
        Serial serial = Serial.random(random);
        // Whole seconds, as the certificate will carry them (RFC 5280 §4.1.2.5).
        Instant notBefore = latest(now.minus(BACKDATE), caCert.getNotBefore().toInstant()).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = earliest(now.plus(settings.responderValidity()), caCert.getNotAfter().toInstant())
                .truncatedTo(ChronoUnit.SECONDS);
        X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
        var request = ResponderCertificates.request(keys, key, algorithm, ResponderCertificates.subject(issuer));
        var builder = ResponderCertificates.assemble(request, issuer, caCert.getPublicKey(), subjectKeyId(caCert),
                serial.value(), notBefore, notAfter);

        // 3. Reserve the serial and record the intent before the CA key signs.
        String resource = new CertificateArn(locator.arn(ca.id()), serial).toString();
        store.write(tx -> {
            tx.insert(IssuedCertificate.pending(ca.id(), serial, notBefore, notAfter, now, ResponderCertificates.TEMPLATE.arn()));
            tx.append(new AuditEvent(now, PRINCIPAL, "OcspResponder.Sign", resource, AuditEvent.Outcome.SUCCESS,
                    "signing the delegated OCSP responder certificate with " + algorithm + ", key " + key));
            return null;
        });

        // 4. Sign once, lint what was signed.
        byte[] der;
        X509CertificateHolder holder;
        try {
            holder = builder.build(new KeySigner(keys, ca.key(), algorithm));
            der = holder.getEncoded();
            List<String> problems = CertificateLinter.lint(der, caCert);
            if (!problems.isEmpty()) {
                log.error("OCSP responder certificate {} of CA {} failed lint, not used: {}", serial, ca.id(), problems);
                throw new CastellanException(ErrorCode.INTERNAL, "The OCSP responder certificate failed the final checks.");
            }
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The OCSP responder certificate could not be encoded.", e);
        }

        // 5. Commit the certificate and the responder together.
        store.write(tx -> {
            tx.markIssued(ca.id(), serial, der, now);
            tx.insert(new DelegatedResponder(ca.id(), serial, key, der, notBefore, notAfter, now));
            tx.append(new AuditEvent(now, PRINCIPAL, rotation ? "OcspResponder.Rotate" : "OcspResponder.Create", resource,
                    AuditEvent.Outcome.SUCCESS, "valid " + notBefore + " to " + notAfter + ", key " + key));
            return null;
        });
        log.info("CA {} has a new delegated OCSP responder {} valid until {}", ca.id(), serial.colonHex(), notAfter);
        return new Signing(new ResponderIdentity(keys, key, algorithm, holder), ca.certificateDer(), notAfter,
                renewAt(notAfter, ctx));
    }

    private static byte[] subjectKeyId(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return ext == null ? null
                : SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
