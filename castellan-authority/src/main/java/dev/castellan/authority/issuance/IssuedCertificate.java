package dev.castellan.authority.issuance;

import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.UUID;

/**
 * A certificate as the store knows it. It is written PENDING (serial reserved, nothing signed) before the CA key
 * is used, and becomes ISSUED with its DER in a second transaction; a crash in between leaves a PENDING row and
 * never a signed certificate the store does not know.
 *
 * @param crlPartition the CRL partition the certificate was bound to at issuance (its CDP names that partition's
 *                     CRL); null when it is covered by the CA's complete CRL
 */
public record IssuedCertificate(
        UUID caId,
        Serial serial,
        Status status,
        byte[] der,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt,
        Instant issuedAt,
        String templateArn,
        Instant revokedAt,
        String revocationReason,
        UUID crlPartition) {

    public enum Status {
        PENDING, ISSUED
    }

    public static IssuedCertificate pending(UUID caId, Serial serial, Instant notBefore, Instant notAfter, Instant now,
            String templateArn) {
        return pending(caId, serial, notBefore, notAfter, now, templateArn, null);
    }

    /**
     * A reserved serial bound to a CRL partition: {@code crlPartition} is {@code IssuanceUrls.partitionId()} of the
     * binding made in the same transaction (null for the complete CRL).
     */
    public static IssuedCertificate pending(UUID caId, Serial serial, Instant notBefore, Instant notAfter, Instant now,
            String templateArn, UUID crlPartition) {
        return new IssuedCertificate(caId, serial, Status.PENDING, null, notBefore, notAfter, now, null, templateArn,
                null, null, crlPartition);
    }
}
