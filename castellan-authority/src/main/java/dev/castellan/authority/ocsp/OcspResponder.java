package dev.castellan.authority.ocsp;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.CaDirectory.CaContext;
import dev.castellan.authority.store.ReadTransaction;
import dev.castellan.authority.store.Store;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.ocsp.CertId;
import dev.castellan.core.ocsp.OcspAnswer;
import dev.castellan.core.ocsp.OcspRequest;
import dev.castellan.core.ocsp.OcspResponseStatus;
import dev.castellan.core.ocsp.OcspResponses;
import dev.castellan.core.ocsp.OcspStatus;
import dev.castellan.core.ocsp.ResponderIdentity;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP responder (RFC 6960, RFC 5019 profile): answers a DER request for the CA named by the URL with a DER
 * response, and never fails — a malformed request gets {@code malformedRequest}, a CA that does not answer
 * {@code unauthorized}, and anything unexpected {@code internalError}.
 *
 * <p>Design notes:
 * <ul>
 *   <li><b>What is answered.</b> Every CertID of a request (AWS answers only the first): good for an issued,
 *   unrevoked certificate; revoked with time and reason; unknown for a serial the CA never issued (or still
 *   PENDING), for a CertID whose issuer hashes name another CA, and for hash algorithms other than SHA-1/SHA-256.
 *   A CA answers while OCSP is enabled and it is ACTIVE or DISABLED (AWS's capability matrix).</li>
 *   <li><b>Pre-signed.</b> A request for one certificate without nonce — the RFC 5019 profile every browser and
 *   TLS stack uses — is answered from {@link ResponseCache} once signed, until half its validity has passed; then
 *   it is read and signed again. Requests with a nonce or several certificates are signed for the occasion.</li>
 *   <li><b>Revocation.</b> This server is told of its own revocations at once ({@link #revoked}); every server also
 *   polls the store ({@link #maintain}, every second or so) for revocations at or after its previous poll minus
 *   {@code revocationLookback}, which covers the other servers, transactions that committed late, and clock skew.
 *   So a revocation reaches every server's answers within about one poll interval.</li>
 *   <li><b>Signer.</b> A delegated responder per CA ({@link ResponderKeys}); responses never outlive its
 *   certificate.</li>
 * </ul>
 */
public final class OcspResponder {
    private static final Logger log = LoggerFactory.getLogger(OcspResponder.class);

    private final Store store;
    private final InstantSource clock;
    private final OcspSettings settings;
    private final CaDirectory directory;
    private final ResponderKeys responders;
    private final ResponseCache cache;
    private Instant lastPoll;
    private long stampAtLastMaintenance;

    public OcspResponder(AuthoritySettings identity, OcspSettings settings, Store store, KeyProvider keys,
            InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.directory = new CaDirectory(store);
        this.responders = new ResponderKeys(store, keys, random, settings,
                new CaLocator(identity.partition(), identity.region(), identity.account()),
                new UUID(random.nextLong(), random.nextLong()).toString());
        this.cache = new ResponseCache(settings.cacheMaxEntries());
    }

    /**
     * Answers a DER OCSP request for the CA {@code caId}.
     *
     * @return the reply; its {@code der()} array is shared with the cache and must not be modified
     */
    public OcspReply respond(UUID caId, byte[] requestDer) {
        OcspRequest request;
        try {
            request = OcspRequest.parse(requestDer);
        } catch (CastellanException e) {
            log.debug("malformed OCSP request for {}: {}", caId, e.getMessage());
            return error(OcspResponseStatus.MALFORMED_REQUEST);
        }
        try {
            Instant now = clock.instant();
            Optional<CaContext> ca = directory.answering(caId, now);
            if (ca.isEmpty()) {
                return error(OcspResponseStatus.UNAUTHORIZED);
            }
            if (request.certIds().size() == 1 && !request.hasNonce()) {
                return single(ca.get(), request.certIds().getFirst(), now);
            }
            return signFresh(ca.get(), request, now);
        } catch (CastellanException e) {
            if (e.code() == ErrorCode.REQUEST_IN_PROGRESS) {
                return error(OcspResponseStatus.TRY_LATER);
            }
            log.error("OCSP request for CA {} failed", caId, e);
            return error(OcspResponseStatus.INTERNAL_ERROR);
        } catch (RuntimeException e) {
            log.error("OCSP request for CA {} failed", caId, e);
            return error(OcspResponseStatus.INTERNAL_ERROR);
        }
    }

    /** Forgets what this server cached for a certificate just revoked here: a {@code RevocationListener}. */
    public void revoked(UUID caId, Serial serial, Instant revokedAt, RevocationReason reason) {
        cache.invalidate(new ResponseCache.Key(caId, serial));
    }

    /**
     * Periodic work, run by the server every second or so: drops cached responses of certificates other servers
     * revoked, and renews responders due for renewal. It never throws; a failed poll is retried from the same point.
     * Runs are serialized.
     */
    public synchronized void maintain() {
        Instant now = clock.instant();
        long stamp = cache.stamp();
        Instant since = (lastPoll == null ? now : lastPoll).minus(settings.revocationLookback());
        try {
            store.read(tx -> {
                tx.forEachRevokedSince(since, r -> cache.revoked(new ResponseCache.Key(r.caId(), r.serial())));
                return null;
            });
            lastPoll = now;
        } catch (RuntimeException e) {
            log.warn("polling revocations for the OCSP cache failed; retrying", e);
        }
        // Reads that began before the previous run have ended by now; their fences can go.
        cache.forgetInvalidationsUpTo(stampAtLastMaintenance);
        stampAtLastMaintenance = stamp;
        try {
            responders.renewDue(id -> directory.answering(id, now), now);
        } catch (RuntimeException e) {
            log.warn("renewing OCSP responders failed; retrying", e);
        }
    }

    /** How many certificates have pre-signed responses in memory. */
    public int cachedCertificates() {
        return cache.size();
    }

    private OcspReply single(CaContext ca, CertId id, Instant now) {
        Optional<Serial> serial = id.serial();
        if (serial.isEmpty()) {
            return sign(ca, List.of(id), List.of(OcspStatus.UNKNOWN), null, now);
        }
        ResponseCache.Key key = new ResponseCache.Key(ca.ca().id(), serial.get());
        byte[] certId = id.encoded();
        OcspReply hit = cache.fresh(key, certId, now);
        if (hit != null) {
            return hit;
        }
        long stamp = cache.stamp();
        OcspStatus status = store.read(tx -> status(tx, ca, id));
        OcspReply reply = sign(ca, List.of(id), List.of(status), null, now);
        Instant refreshAt = reply.freshness().thisUpdate().plus(settings.responseValidity().dividedBy(2));
        cache.put(key, status, new ResponseCache.Variant(certId, reply, refreshAt), stamp);
        return reply;
    }

    private OcspReply signFresh(CaContext ca, OcspRequest request, Instant now) {
        List<OcspStatus> statuses = store.read(tx -> {
            List<OcspStatus> out = new ArrayList<>();
            for (CertId id : request.certIds()) {
                out.add(status(tx, ca, id));
            }
            return out;
        });
        return sign(ca, request.certIds(), statuses, request.nonceValue(), now);
    }

    private OcspReply sign(CaContext ca, List<CertId> ids, List<OcspStatus> statuses, byte[] nonce, Instant now) {
        ResponderIdentity responder = responders.signing(ca, now);
        Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
        Instant nextUpdate = thisUpdate.plus(settings.responseValidity());
        if (nextUpdate.isAfter(responder.notAfter())) {
            nextUpdate = responder.notAfter();
        }
        List<OcspAnswer> answers = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            answers.add(new OcspAnswer(ids.get(i), statuses.get(i), thisUpdate, nextUpdate));
        }
        byte[] der = OcspResponses.signed(responder, answers, nonce, thisUpdate);
        OcspReply.Freshness freshness = nonce != null ? null : new OcspReply.Freshness(thisUpdate, nextUpdate, etag(der));
        return new OcspReply(der, OcspResponseStatus.SUCCESSFUL, freshness);
    }

    private static OcspStatus status(ReadTransaction tx, CaContext ca, CertId id) {
        Optional<Serial> serial = id.serial();
        if (serial.isEmpty() || !ca.issuer().isIssuerOf(id)) {
            return OcspStatus.UNKNOWN;
        }
        Optional<IssuedCertificate> cert = tx.certificate(ca.ca().id(), serial.get());
        if (cert.isEmpty() || cert.get().status() != IssuedCertificate.Status.ISSUED) {
            return OcspStatus.UNKNOWN;
        }
        IssuedCertificate c = cert.get();
        if (c.revokedAt() == null) {
            return OcspStatus.GOOD;
        }
        RevocationReason reason = RevocationReason.fromName(c.revocationReason()).orElse(RevocationReason.UNSPECIFIED);
        return new OcspStatus.Revoked(c.revokedAt(), reason);
    }

    private static OcspReply error(OcspResponseStatus status) {
        return new OcspReply(OcspResponses.error(status), status, null);
    }

    /** A strong entity tag: the first 16 octets of the response's SHA-256, quoted (RFC 9110 §8.8.3). */
    private static String etag(byte[] der) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(der);
            return "\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
