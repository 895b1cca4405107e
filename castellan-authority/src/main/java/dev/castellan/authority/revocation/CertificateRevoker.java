package dev.castellan.authority.revocation;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaLocator;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.crl.CrlScopes;
import dev.castellan.authority.issuance.CertificateArn;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.store.Store;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RevokeCertificate: marks an issued certificate revoked, marks the CRL scope that lists it dirty and records the
 * audit event, all in one transaction, so the revocation is durable when the call returns and the CRL publisher
 * re-signs that scope on its next run.
 */
public final class CertificateRevoker {
    private static final Logger log = LoggerFactory.getLogger(CertificateRevoker.class);

    private final Store store;
    private final InstantSource clock;
    private final CaLocator locator;
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

    public CertificateRevoker(Store store, InstantSource clock, CaLocator locator) {
        this.store = store;
        this.clock = clock;
        this.locator = locator;
    }

    public void addListener(RevocationListener listener) {
        listeners.add(listener);
    }

    /**
     * Revokes the certificate with the given serial (hex, with or without colons) of the CA.
     *
     * @throws CastellanException INVALID_REQUEST (malformed serial, the CA's own certificate), NOT_FOUND (no such
     *     certificate), REQUEST_IN_PROGRESS (still being issued), ALREADY_PROCESSED (already revoked), INVALID_STATE
     *     (the CA is neither ACTIVE nor DISABLED)
     */
    public void revoke(Principal principal, CaArn arn, String serialText, RevocationReason reason) {
        Serial serial = parse(serialText);
        Instant now = clock.instant();
        store.write(tx -> {
            CertificateAuthority ca = locator.require(tx, arn, now);
            CaStatus status = ca.effectiveStatus(now);
            if (status != CaStatus.ACTIVE && status != CaStatus.DISABLED) {
                throw CastellanException.invalidState(
                        "Certificates can be revoked only while the CA is ACTIVE or DISABLED; it is " + status + ".");
            }
            if (serial.hex().equals(ca.certificateSerialHex())) {
                throw new CastellanException(ErrorCode.INVALID_REQUEST,
                        "The serial " + serial.colonHex() + " is the CA's own certificate, which cannot be revoked through it.");
            }
            IssuedCertificate cert = tx.certificate(ca.id(), serial).orElseThrow(() -> CastellanException.notFound(
                    "The certificate " + serial.colonHex() + " was not issued by " + arn + "."));
            if (cert.status() == IssuedCertificate.Status.PENDING) {
                throw new CastellanException(ErrorCode.REQUEST_IN_PROGRESS,
                        "The certificate " + serial.colonHex() + " is still being issued; retry.");
            }
            if (cert.revokedAt() != null || !tx.revoke(ca.id(), serial, now, reason)) {
                throw new CastellanException(ErrorCode.ALREADY_PROCESSED,
                        "The certificate " + serial.colonHex() + " is already revoked.");
            }
            UUID scope = cert.crlPartition() != null ? cert.crlPartition() : CrlScopes.ensureComplete(tx, ca.id(), now).scopeId();
            tx.markCrlScopeDirty(ca.id(), scope);
            tx.append(new AuditEvent(now, principal.name() + "/" + principal.accessKeyId(), "RevokeCertificate",
                    new CertificateArn(arn, serial).toString(), AuditEvent.Outcome.SUCCESS,
                    "reason " + reason + ", CRL scope " + scope));
            return null;
        });
        for (RevocationListener l : listeners) {
            try {
                l.revoked(arn.id(), serial, now, reason);
            } catch (RuntimeException e) {
                // The revocation is committed; a cache that failed to hear of it must not fail the caller.
                log.error("A revocation listener failed for {} of {}", serial, arn, e);
            }
        }
    }

    private static Serial parse(String text) {
        try {
            return Serial.parseHex(text.strip());
        } catch (CastellanException e) {
            throw new CastellanException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }
}
