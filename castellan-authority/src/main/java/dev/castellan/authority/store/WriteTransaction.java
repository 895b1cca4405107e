package dev.castellan.authority.store;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
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
}
