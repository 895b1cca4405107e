package dev.castellan.authority.store;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.UUID;

/** What the authority changes in the store; every method joins the surrounding transaction. */
public interface WriteTransaction extends ReadTransaction {
    void insert(CertificateAuthority ca);

    /**
     * Replaces the stored CA (and its tags) if its version is still {@code ca.version()}, storing version + 1.
     *
     * @throws dev.castellan.core.CastellanException with {@code CONCURRENT_MODIFICATION} if someone else won
     */
    CertificateAuthority update(CertificateAuthority ca);

    void remember(IdempotencyRecord record);

    void insert(AccessKey key);

    void append(AuditEvent event);

    /** Reserves a serial with a PENDING certificate; the (CA, serial) pair is unique by a database constraint. */
    void insert(IssuedCertificate pending);

    /** Turns a PENDING certificate into an ISSUED one with its DER; fails if it is not PENDING. */
    void markIssued(UUID caId, Serial serial, byte[] der, Instant issuedAt);

    // ----- revocation and CRL scopes

    /**
     * Marks an ISSUED, not yet revoked certificate revoked.
     *
     * @return false if there is no such certificate (unknown, PENDING, or revoked meanwhile)
     */
    boolean revoke(UUID caId, Serial serial, Instant at, RevocationReason reason);

    /**
     * Inserts a scope unless that would make a second one with its id, its (kind, ordinal), or a second open
     * partition of the CA; a concurrent writer that lost that race gets false and reads the winner's.
     */
    boolean insert(CrlScope scope);

    /** Binds one more certificate to the scope if it has room, closing it when that fills it; false if full. */
    boolean bindToCrlScope(UUID caId, UUID scopeId);

    void closeCrlScope(UUID caId, UUID scopeId);

    /** Sets how many certificates count against a scope (the complete CRL's limit after enabling it). */
    void setCrlScopeAssigned(UUID caId, UUID scopeId, long assigned);

    /** Bumps the scope's generation, so the publisher re-signs its CRL. */
    void markCrlScopeDirty(UUID caId, UUID scopeId);

    /**
     * Records the intent to sign CRL {@code number} of the scope (before the key is used).
     *
     * @return false if the number is not above every number already reserved or published for the scope
     */
    boolean reserveCrlNumber(UUID caId, UUID scopeId, long number);

    /**
     * Stores the CRL as its scope's newest and records the generation its content was read at, unless a CRL with
     * the same or a higher number was published meanwhile.
     *
     * @return false if the CRL is stale: nothing was changed
     */
    boolean publish(CrlPublication crl, long generation, Instant refreshAt);

    /** Takes or renews the named lease until {@code until}; false if another holder has it past {@code now}. */
    boolean acquireLease(String name, String holder, Instant now, Instant until);

    // ----- OCSP responder (issue 4, item 7)

    /** Stores a delegated responder; its certificate must already be an ISSUED certificate of the CA. */
    void insert(DelegatedResponder responder);

    // ----- end OCSP responder
}
