package dev.castellan.authority.ocsp;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.store.Store;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.ocsp.OcspIssuer;
import dev.castellan.core.x509.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CAs the responder answers for, read from the store and kept for a few seconds so the hot path reads no CA row.
 * A change of a CA (OCSP disabled, CA disabled or deleted, new certificate) is seen within {@link #TTL} on every
 * server. Ids of CAs that do not exist are not remembered: they come from the URL and would grow the map unbounded.
 */
final class CaDirectory {
    static final Duration TTL = Duration.ofSeconds(5);

    /** A CA as the responder needs it; {@code answers} says whether it may answer OCSP at all right now. */
    record CaContext(CertificateAuthority ca, X509Certificate certificate, OcspIssuer issuer, boolean answers,
            Instant loadedAt) {}

    private final Store store;
    private final Map<UUID, CaContext> cas = new ConcurrentHashMap<>();

    CaDirectory(Store store) {
        this.store = store;
    }

    /** The CA if it exists and may answer OCSP at {@code now}: OCSP enabled, ACTIVE or DISABLED, with a certificate. */
    Optional<CaContext> answering(UUID caId, Instant now) {
        CaContext c = cas.get(caId);
        if (c == null || !now.isBefore(c.loadedAt().plus(TTL))) {
            c = load(caId, now);
        }
        return c != null && c.answers() && c.ca().effectiveStatus(now) != CaStatus.EXPIRED ? Optional.of(c) : Optional.empty();
    }

    private CaContext load(UUID caId, Instant now) {
        Optional<CertificateAuthority> found = store.read(tx -> tx.certificateAuthority(caId));
        if (found.isEmpty()) {
            cas.remove(caId);
            return null;
        }
        CertificateAuthority ca = found.get();
        CaStatus status = ca.effectiveStatus(now);
        boolean answers = ca.revocation().ocsp().enabled() && ca.certificateDer() != null
                && (status == CaStatus.ACTIVE || status == CaStatus.DISABLED);
        X509Certificate cert = null;
        OcspIssuer issuer = null;
        if (ca.certificateDer() != null) {
            try {
                cert = Pem.certificate(ca.certificateDer());
                issuer = OcspIssuer.of(ca.certificateDer());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("the stored certificate of CA " + caId + " does not parse", e);
            }
        }
        CaContext c = new CaContext(ca, cert, issuer, answers, now);
        cas.put(caId, c);
        return c;
    }
}
