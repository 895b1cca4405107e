package dev.castellan.authority;

import dev.castellan.authority.authz.Action;
import dev.castellan.authority.authz.Authorizer;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaLifecycle;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.ca.CaPage;
import dev.castellan.authority.ca.CaView;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.CreateCaRequest;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.ca.Tag;
import dev.castellan.authority.crl.CrlDistribution;
import dev.castellan.authority.crl.PublishedObject;
import dev.castellan.authority.revocation.CertificateRevoker;
import dev.castellan.authority.revocation.RevocationBinding;
import dev.castellan.authority.revocation.RevocationListener;
import dev.castellan.authority.issuance.CertificateArn;
import dev.castellan.authority.issuance.CertificateIssuer;
import dev.castellan.authority.issuance.IssueRequest;
import dev.castellan.authority.store.ReadTransaction.ListCursor;
import dev.castellan.authority.store.Store;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.x509.Pem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The one door to Castellan's use cases. Every method takes the calling {@link Principal}, checks it may act,
 * and delegates; protocol edges (AWS API, CLI, console) call this and nothing below it.
 */
public final class Authority {
    private final Store store;
    private final InstantSource clock;
    private final CaLocator locator;
    private final CaLifecycle lifecycle;
    private final CertificateIssuer issuer;
    private final Authorizer authorizer = new Authorizer();
    private final CertificateRevoker revoker;
    private final CrlDistribution distribution;
    /** Issuance calls {@link RevocationBinding#bind} in the transaction that reserves a serial (issue 4). */
    private final RevocationBinding revocationBinding;

    public Authority(AuthoritySettings settings, Store store, KeyProvider keys, InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.locator = new CaLocator(settings.partition(), settings.region(), settings.account());
        this.lifecycle = new CaLifecycle(store, keys, clock, locator);
        this.revoker = new CertificateRevoker(store, clock, locator);
        this.distribution = new CrlDistribution(store, clock);
        this.revocationBinding = new RevocationBinding(settings);
        this.issuer = new CertificateIssuer(store, keys, clock, random, locator, revocationBinding);
    }

    public String account() {
        return locator.account();
    }

    public CaArn createCertificateAuthority(Principal p, CreateCaRequest request) {
        authorizer.check(p, Action.CREATE_CA);
        return lifecycle.create(p, request);
    }

    public CaView describeCertificateAuthority(Principal p, CaArn arn) {
        authorizer.check(p, Action.DESCRIBE_CA);
        Instant now = clock.instant();
        CertificateAuthority ca = store.read(tx -> locator.require(tx, arn, now));
        return new CaView(arn, ca.effectiveStatus(now), ca);
    }

    /** Lists CAs a page at a time; the token is an opaque cursor that survives CAs being added meanwhile. */
    public CaPage<CaView> listCertificateAuthorities(Principal p, int maxResults, String nextToken) {
        authorizer.check(p, Action.LIST_CAS);
        int limit = Math.min(Math.max(maxResults, 1), 100);
        ListCursor after = nextToken == null ? null : decodeCursor(nextToken);
        Instant now = clock.instant();
        List<CertificateAuthority> rows = store.read(tx -> tx.certificateAuthorities(after, limit + 1));
        List<CaView> views = new ArrayList<>();
        for (CertificateAuthority ca : rows.subList(0, Math.min(limit, rows.size()))) {
            views.add(new CaView(locator.arn(ca.id()), ca.effectiveStatus(now), ca));
        }
        String next = null;
        if (rows.size() > limit) {
            CertificateAuthority last = rows.get(limit - 1);
            next = encodeCursor(new ListCursor(last.createdAt(), last.id()));
        }
        // Purged CAs are filtered after paging so a token never points into the middle of hidden rows.
        views.removeIf(v -> v.ca().purged(now));
        return new CaPage<>(views, next);
    }

    public String getCertificateAuthorityCsr(Principal p, CaArn arn) {
        authorizer.check(p, Action.GET_CA_CSR);
        CaView view = describeUnchecked(arn);
        if (view.status() == CaStatus.DELETED || view.status() == CaStatus.FAILED) {
            throw CastellanException.invalidState("The CA is " + view.status() + "; its CSR is no longer available.");
        }
        return Pem.encode("CERTIFICATE REQUEST", view.ca().csrDer());
    }

    /** The CA certificate (PEM) and its chain up to the root (PEM, null for a root CA). */
    public record CaCertificate(String certificatePem, String chainPem) {}

    public CaCertificate getCertificateAuthorityCertificate(Principal p, CaArn arn) {
        authorizer.check(p, Action.GET_CA_CERTIFICATE);
        CaView view = describeUnchecked(arn);
        if (view.ca().certificateDer() == null) {
            throw CastellanException.invalidState("The CA is " + view.status() + " and has no certificate yet.");
        }
        if (view.status() == CaStatus.DELETED) {
            throw CastellanException.invalidState("The CA is DELETED; restore it first.");
        }
        return new CaCertificate(Pem.encode("CERTIFICATE", view.ca().certificateDer()), view.ca().chainPem());
    }

    public void importCertificateAuthorityCertificate(Principal p, CaArn arn, byte[] certificatePem, byte[] chainPem) {
        authorizer.check(p, Action.IMPORT_CA_CERTIFICATE);
        lifecycle.importCertificate(p, arn, certificatePem, chainPem);
    }

    public void updateCertificateAuthority(Principal p, CaArn arn, RevocationConfiguration revocation, CaStatus status) {
        authorizer.check(p, Action.UPDATE_CA);
        lifecycle.update(p, arn, revocation, status);
    }

    public void deleteCertificateAuthority(Principal p, CaArn arn, Integer permanentDeletionTimeInDays) {
        authorizer.check(p, Action.DELETE_CA);
        lifecycle.delete(p, arn, permanentDeletionTimeInDays);
    }

    public void restoreCertificateAuthority(Principal p, CaArn arn) {
        authorizer.check(p, Action.RESTORE_CA);
        lifecycle.restore(p, arn);
    }

    public void tagCertificateAuthority(Principal p, CaArn arn, List<Tag> tags) {
        authorizer.check(p, Action.TAG_CA);
        lifecycle.tag(p, arn, tags);
    }

    /** Removes tags; {@code valueGiven.get(i)} says whether tag i must also match by value. */
    public void untagCertificateAuthority(Principal p, CaArn arn, List<Tag> tags, List<Boolean> valueGiven) {
        authorizer.check(p, Action.UNTAG_CA);
        lifecycle.untag(p, arn, tags, valueGiven);
    }

    public CertificateArn issueCertificate(Principal p, IssueRequest request) {
        authorizer.check(p, Action.ISSUE_CERTIFICATE);
        return issuer.issue(p, request);
    }

    /** {@link #issueCertificate}, answered once the certificate is durable (see {@link CertificateIssuer#issueLater}). */
    public CompletableFuture<CertificateArn> issueCertificateLater(Principal p, IssueRequest request) {
        authorizer.check(p, Action.ISSUE_CERTIFICATE);
        return issuer.issueLater(p, request);
    }

    public CertificateIssuer.Retrieved getCertificate(Principal p, CaArn caArn, CertificateArn certificateArn) {
        authorizer.check(p, Action.GET_CERTIFICATE);
        return issuer.get(caArn, certificateArn);
    }

    public CaPage<Tag> listTags(Principal p, CaArn arn, int maxResults, String nextToken) {
        authorizer.check(p, Action.LIST_TAGS);
        List<Tag> tags = describeUnchecked(arn).ca().tags();
        int from = 0;
        if (nextToken != null) {
            try {
                from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new CastellanException(ErrorCode.INVALID_NEXT_TOKEN, "The NextToken is not valid.");
            }
            if (from < 0 || from > tags.size()) {
                throw new CastellanException(ErrorCode.INVALID_NEXT_TOKEN, "The NextToken is not valid.");
            }
        }
        int to = Math.min(tags.size(), from + Math.max(1, maxResults));
        String next = to < tags.size()
                ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8))
                : null;
        return new CaPage<>(tags.subList(from, to), next);
    }

    /**
     * Revokes a certificate of the CA; durable when this returns, in the published CRL within one publisher run.
     *
     * @param serial the serial in hex, with or without colons
     */
    public void revokeCertificate(Principal p, CaArn arn, String serial, RevocationReason reason) {
        authorizer.check(p, Action.REVOKE_CERTIFICATE);
        revoker.revoke(p, arn, serial, reason);
    }

    /** Registers a cache of revocation status (e.g. pre-signed OCSP responses) to be told of revocations made here. */
    public void addRevocationListener(RevocationListener listener) {
        revoker.addListener(listener);
    }

    /**
     * The CRL or CA certificate an HTTP path of a distribution point names. Deliberately unauthenticated: CRLs and CA
     * certificates are public, and relying parties fetch them anonymously (RFC 5280 §4.2.1.13, §4.2.2.1).
     */
    public Optional<PublishedObject> publishedObject(String path) {
        return distribution.find(path);
    }

    private CaView describeUnchecked(CaArn arn) {
        Instant now = clock.instant();
        CertificateAuthority ca = store.read(tx -> locator.require(tx, arn, now));
        return new CaView(arn, ca.effectiveStatus(now), ca);
    }

    private static String encodeCursor(ListCursor c) {
        String raw = c.createdAt().toEpochMilli() + ":" + c.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static ListCursor decodeCursor(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new ListCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))),
                    UUID.fromString(raw.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new CastellanException(ErrorCode.INVALID_NEXT_TOKEN, "The NextToken is not valid.");
        }
    }
}
