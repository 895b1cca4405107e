package dev.castellan.authority.issuance;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.revocation.IssuanceUrls;
import dev.castellan.authority.revocation.RevocationBinding;
import dev.castellan.authority.store.ReadTransaction;
import dev.castellan.authority.store.ReadTransaction.IdempotencyRecord;
import dev.castellan.authority.store.Store;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.Futures;
import dev.castellan.core.csr.CsrParser;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.UsageMode;
import dev.castellan.core.x509.CertificateAssembler;
import dev.castellan.core.x509.CertificateLinter;
import dev.castellan.core.x509.CertificateTemplate;
import dev.castellan.core.x509.IssuanceInput;
import dev.castellan.core.x509.KeySigner;
import dev.castellan.core.x509.NameConstraintsCheck;
import dev.castellan.core.x509.Pem;
import dev.castellan.core.x509.ValidityCalculator;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues certificates. The order is the one that never loses a certificate (ARCHITECTURE.md, "Issuance"):
 *
 * <ol>
 *   <li>validate everything that can be checked without the CA key — the CSR's signature, the template, the
 *       validity against the CA's, path length and the name constraints of the whole chain;</li>
 *   <li>reserve a random serial by writing a PENDING record (unique per CA by a database constraint), with an
 *       audit event recording the intent to sign;</li>
 *   <li>sign once with the CA key and lint the result;</li>
 *   <li>commit the signed certificate; only then answer the client.</li>
 * </ol>
 *
 * A crash between 2 and 4 leaves a PENDING row, which GetCertificate reports as failed: never a certificate
 * a client holds that the store does not know.
 */
public final class CertificateIssuer {
    private static final Logger log = LoggerFactory.getLogger(CertificateIssuer.class);
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofMinutes(5);
    static final Duration SHORT_LIVED_MAX = Duration.ofDays(7);
    /** How long a PENDING record is reported as in progress before it is considered failed. */
    static final Duration PENDING_GRACE = Duration.ofMinutes(2);

    private final Store store;
    private final KeyProvider keys;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final CaLocator locator;
    private final RevocationBinding binding;
    private final IssuerCertificates issuerCertificates = new IssuerCertificates();
    private final RecentCertificates recent = new RecentCertificates();

    public CertificateIssuer(Store store, KeyProvider keys, InstantSource clock, RandomGenerator random, CaLocator locator,
            RevocationBinding binding) {
        this.store = store;
        this.keys = keys;
        this.clock = clock;
        this.random = random;
        this.locator = locator;
        this.binding = binding;
    }

    /** What the reserving transaction decided: an earlier identical request's ARN, or this one's pointers. */
    private record Reservation(CertificateArn replayed, IssuanceUrls urls) {}

    public CertificateArn issue(Principal principal, IssueRequest request) {
        return Futures.join(issueLater(principal, request));
    }

    /**
     * {@link #issue}, answered once the certificate is durable, without holding the calling thread for that last
     * commit (the future completes as {@code Store#writeLater} describes: what depends on it must be quick). Every
     * refusal up to the signature is thrown.
     */
    public CompletableFuture<CertificateArn> issueLater(Principal principal, IssueRequest request) {
        Instant now = clock.instant();
        String scope = "IssueCertificate:" + request.caArn().id();
        String fingerprint = request.idempotencyToken() == null ? null : sha256(request.fingerprint());
        if (request.idempotencyToken() != null) {
            Optional<CertificateArn> earlier =
                    store.read(tx -> replay(tx, scope, request.idempotencyToken(), fingerprint, request.caArn(), now));
            if (earlier.isPresent()) {
                return CompletableFuture.completedFuture(earlier.get());
            }
        }

        // 1. Validate.
        CertificateAuthority ca = store.read(tx -> locator.require(tx, request.caArn(), now));
        PKCS10CertificationRequest csr = CsrParser.parse(request.csr());
        CertificateTemplate template = template(request.templateArn());
        PublicKey caPublicKey = keys.publicKey(ca.key());
        if (!request.signingAlgorithm().fits(ca.configuration().keyAlgorithm())) {
            throw CastellanException.invalidArgs("SigningAlgorithm " + request.signingAlgorithm()
                    + " does not match the CA's key algorithm " + ca.configuration().keyAlgorithm() + ".");
        }
        boolean selfIssue = isSelfIssue(ca, template, csr, caPublicKey, now);
        IssuerCertificates.Parsed issuer = selfIssue ? null : issuerCertificates.of(ca);
        X509Certificate caCert = selfIssue ? null : issuer.certificate();
        Instant notBefore = notBefore(request, ca, now);
        Instant notAfter = ValidityCalculator.notAfter(request.validity(), now);
        checkValidity(ca, selfIssue, notBefore, notAfter);
        checkPathLength(template, caCert);

        Serial serial = Serial.random(random);
        org.bouncycastle.asn1.x500.X500Name issuerName = selfIssue ? csr.getSubject()
                : org.bouncycastle.asn1.x500.X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
        byte[] issuerSki = selfIssue ? null : issuer.subjectKeyIdentifier();
        if (!selfIssue && issuer.constrained()) {
            // The draft carries no CRL or OCSP pointers yet: they are bound below, and names do not depend on them.
            checkNameConstraints(CertificateAssembler.assemble(new IssuanceInput(csr, template, request.apiPassthrough(),
                    issuerName, caPublicKey, issuerSki, false, serial.value(), notBefore, notAfter, List.of(), null, null)),
                    issuer.chain());
        }

        // 2. Reserve the serial, bind the certificate to its CRL, and record the intent before the key is used. The
        // record is in the log before the key signs, so a crash of the process leaves it pending; it needs no flush
        // to the disk of its own: step 4's durable commit flushes it, and a power loss before that loses it with a
        // signature no client has received.
        CertificateArn arn = new CertificateArn(request.caArn(), serial);
        Reservation reservation = store.writeIntent(tx -> {
            if (request.idempotencyToken() != null) {
                Optional<CertificateArn> r = replay(tx, scope, request.idempotencyToken(), fingerprint, request.caArn(), now);
                if (r.isPresent()) {
                    return new Reservation(r.get(), null);
                }
                tx.remember(new IdempotencyRecord(scope, request.idempotencyToken(), fingerprint, serial.hex(), now));
            }
            // A root's own certificate is never revoked through its CRL, so it is bound to none (AWS lists no CDP).
            IssuanceUrls urls = selfIssue ? new IssuanceUrls(List.of(), null, null, null) : binding.bind(tx, ca, now);
            tx.insert(IssuedCertificate.pending(ca.id(), serial, notBefore, notAfter, now, template.arn(),
                    urls.partitionId()));
            tx.append(event(principal, "IssueCertificate.Sign", arn, AuditEvent.Outcome.SUCCESS,
                    "signing " + template.name() + " with " + request.signingAlgorithm()));
            return new Reservation(null, urls);
        });
        if (reservation.replayed() != null) {
            return CompletableFuture.completedFuture(reservation.replayed());
        }
        IssuanceUrls urls = reservation.urls();
        X509v3CertificateBuilder builder = CertificateAssembler.assemble(new IssuanceInput(csr, template,
                request.apiPassthrough(), issuerName, caPublicKey, issuerSki, selfIssue, serial.value(), notBefore, notAfter,
                urls.crlDistributionPoints(), urls.ocspUrl(), urls.caIssuersUrl()));

        // 3. Sign once, then lint what was signed.
        byte[] der;
        try {
            X509CertificateHolder holder = builder.build(new KeySigner(keys, ca.key(), request.signingAlgorithm()));
            der = holder.getEncoded();
            List<String> problems = CertificateLinter.lintDer(der, selfIssue ? null : issuer.holder());
            if (!problems.isEmpty()) {
                log.error("certificate {} failed lint, not released: {}", arn, problems);
                throw new CastellanException(ErrorCode.INTERNAL, "The certificate failed the final checks.");
            }
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The certificate could not be encoded.", e);
        }

        // 4. Commit; only then is the ARN returned.
        Instant issuedAt = clock.instant();
        return store.writeLater(tx -> {
            tx.markIssued(ca.id(), serial, der, issuedAt);
            tx.append(event(principal, "IssueCertificate", arn, AuditEvent.Outcome.SUCCESS, template.name()));
            return arn;
        }).thenApply(issued -> {
            recent.add(issued, der);
            return issued;
        });
    }

    /** The certificate (PEM) and its chain up to the root (PEM, null when the issuer has no certificate yet). */
    public record Retrieved(String certificatePem, String chainPem) {}

    public Retrieved get(CaArn caArn, CertificateArn certificateArn) {
        if (!certificateArn.ca().equals(caArn)) {
            throw CastellanException.notFound("The certificate " + certificateArn + " was not issued by " + caArn + ".");
        }
        Instant now = clock.instant();
        return store.read(tx -> {
            CertificateAuthority ca = locator.require(tx, caArn, now);
            if (ca.status() == CaStatus.DELETED) {
                throw CastellanException.invalidState("The CA is DELETED; restore it first.");
            }
            byte[] der = recent.der(certificateArn);
            if (der == null) {
                der = issued(tx, ca, certificateArn, now);
            }
            String chain = null;
            if (ca.certificateDer() != null && !Arrays.equals(ca.certificateDer(), der)) {
                chain = Pem.encode("CERTIFICATE", ca.certificateDer()) + (ca.chainPem() == null ? "" : ca.chainPem());
            }
            return new Retrieved(Pem.encode("CERTIFICATE", der), chain);
        });
    }

    /** The DER of a certificate of {@code ca} from its row; refused while it is pending and once that failed. */
    private static byte[] issued(ReadTransaction tx, CertificateAuthority ca, CertificateArn certificateArn, Instant now) {
        IssuedCertificate c = tx.certificate(ca.id(), certificateArn.serial()).orElseThrow(() ->
                CastellanException.notFound("Could not find certificate " + certificateArn + "."));
        if (c.status() == IssuedCertificate.Status.PENDING) {
            if (c.createdAt().plus(PENDING_GRACE).isBefore(now)) {
                throw new CastellanException(ErrorCode.REQUEST_FAILED,
                        "The certificate " + certificateArn + " was not issued; request a new one.");
            }
            throw new CastellanException(ErrorCode.REQUEST_IN_PROGRESS,
                    "The certificate " + certificateArn + " is still being issued.");
        }
        return c.der();
    }

    private Optional<CertificateArn> replay(ReadTransaction tx, String scope, String token, String fingerprint,
            CaArn caArn, Instant now) {
        return tx.idempotency(scope, token, now.minus(IDEMPOTENCY_WINDOW)).map(r -> {
            if (!r.argumentsHash().equals(fingerprint)) {
                throw CastellanException.invalidArgs("The IdempotencyToken '" + token
                        + "' was used in the last 5 minutes with different arguments.");
            }
            return new CertificateArn(caArn, Serial.parseHex(r.result()));
        });
    }

    private static CertificateTemplate template(String arn) {
        if (arn == null) {
            return CertificateTemplate.defaultTemplate();
        }
        return CertificateTemplate.fromArn(arn).orElseThrow(() -> CastellanException.invalidArgs(
                "The TemplateArn '" + arn + "' is not a known template (arn:aws:acm-pca:::template/<Name>/V1)."));
    }

    /**
     * The one thing a CA in PENDING_CERTIFICATE may do: a ROOT CA signing its own CSR with a root template, to
     * then import the result. Everything else needs an ACTIVE CA.
     */
    private static boolean isSelfIssue(CertificateAuthority ca, CertificateTemplate template, PKCS10CertificationRequest csr,
            PublicKey caPublicKey, Instant now) {
        CaStatus status = ca.effectiveStatus(now);
        boolean ownKey = Arrays.equals(caPublicKey.getEncoded(), encoded(csr));
        boolean rootTemplate = template.kind() == CertificateTemplate.Kind.ROOT_CA;
        if (rootTemplate) {
            if (ca.type() != CaType.ROOT || !ownKey) {
                throw CastellanException.invalidArgs("The template " + template.name()
                        + " issues a self-signed root certificate: only a ROOT CA can use it, for its own CSR.");
            }
            if (status != CaStatus.PENDING_CERTIFICATE && status != CaStatus.ACTIVE && status != CaStatus.EXPIRED) {
                throw CastellanException.invalidState("The CA is " + status + " and cannot sign.");
            }
            return true;
        }
        if (status != CaStatus.ACTIVE) {
            throw CastellanException.invalidState("The CA is " + status + "; only an ACTIVE CA issues certificates"
                    + (status == CaStatus.PENDING_CERTIFICATE ? " (import its certificate first)." : "."));
        }
        return false;
    }

    private static byte[] encoded(PKCS10CertificationRequest csr) {
        try {
            return csr.getSubjectPublicKeyInfo().getEncoded();
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR, "The CSR's public key cannot be encoded.");
        }
    }


    /** The default backdating never reaches before the CA's own notBefore, which would fail path validation. */
    private static Instant notBefore(IssueRequest request, CertificateAuthority ca, Instant now) {
        Instant nb = ValidityCalculator.notBefore(request.validityNotBefore(), now);
        if (request.validityNotBefore() == null && ca.notBefore() != null && nb.isBefore(ca.notBefore())) {
            return ca.notBefore();
        }
        return nb;
    }

    private static void checkValidity(CertificateAuthority ca, boolean selfIssue, Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw CastellanException.invalidArgs("The validity ends (" + notAfter + ") before it begins (" + notBefore + ").");
        }
        if (!selfIssue) {
            if (notAfter.isAfter(ca.notAfter())) {
                throw CastellanException.invalidArgs("The requested notAfter " + notAfter
                        + " is later than the CA certificate's notAfter " + ca.notAfter() + ".");
            }
            if (notBefore.isBefore(ca.notBefore())) {
                throw CastellanException.invalidArgs("The requested notBefore " + notBefore
                        + " is earlier than the CA certificate's notBefore " + ca.notBefore() + ".");
            }
        }
        if (ca.usageMode() == UsageMode.SHORT_LIVED_CERTIFICATE
                && Duration.between(notBefore, notAfter).compareTo(SHORT_LIVED_MAX) > 0) {
            throw CastellanException.invalidArgs(
                    "A SHORT_LIVED_CERTIFICATE CA issues certificates valid for at most 7 days.");
        }
    }

    /** A CA template issued by a CA must leave room under the CA's own path length. */
    private static void checkPathLength(CertificateTemplate template, X509Certificate caCert) {
        if (caCert == null || !template.isCaTemplate()) {
            return;
        }
        int issuerLimit = caCert.getBasicConstraints(); // Integer.MAX_VALUE when unlimited
        if (issuerLimit < 1) {
            throw CastellanException.invalidArgs("The CA's certificate has path length " + issuerLimit
                    + " and cannot issue CA certificates; " + template.name() + " is a CA template.");
        }
        int requested = template.pathLength().orElse(Integer.MAX_VALUE);
        if (requested > issuerLimit - 1) {
            throw CastellanException.invalidArgs("The template " + template.name() + " asks for path length "
                    + (requested == Integer.MAX_VALUE ? "unlimited" : requested)
                    + " but the CA's own path length allows at most " + (issuerLimit - 1) + ".");
        }
    }

    /**
     * Checks the final subject and SANs against the chain's name constraints before anything is signed with the
     * CA key: the to-be-signed structure is built once with a signer that signs nothing.
     */
    private static void checkNameConstraints(X509v3CertificateBuilder builder, List<X509Certificate> chain) {
        X509CertificateHolder draft = builder.build(DraftSigner.INSTANCE);
        Extension san = draft.getExtension(Extension.subjectAlternativeName);
        NameConstraintsCheck.check(draft.getSubject(), san == null ? null : GeneralNames.getInstance(san.getParsedValue()), chain);
    }



    private AuditEvent event(Principal p, String action, CertificateArn arn, AuditEvent.Outcome outcome, String detail) {
        return new AuditEvent(clock.instant(), p.name() + "/" + p.accessKeyId(), action, arn.toString(), outcome, detail);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
