package dev.castellan.authority.crl;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One CRL scope of a CA (RFC 5280 §5: the set of certificates one CRL covers): the CA's complete CRL, whose id is
 * the CA's own id and which covers every certificate bound to no partition, or one partition, which covers
 * exactly the certificates bound to it at issuance. Each scope has its own CRL number sequence and its own
 * freshness state.
 *
 * <p>A scope is dirty while {@code generation > publishedGeneration}: every revocation in it bumps the
 * generation, and a publication records the generation its snapshot saw. A new scope starts dirty.
 *
 * @param capacity          the most certificates that may be bound to it (partitions: the byte bound; the
 *                          complete CRL: AWS's 1,000,000)
 * @param bucket            the bucket (folder) its CRL file is mirrored into; for partitions fixed at creation
 * @param objectKey         the file's key inside the bucket; for partitions fixed at creation
 * @param distributionPoint the URI in the CDP of its certificates and, for a partition, in its CRL's IDP; fixed at
 *                          creation, so later configuration changes never break certificates already issued
 * @param crlNumber         the number of the last published CRL, 0 before the first
 * @param thisUpdate        thisUpdate of the last published CRL, null before the first
 * @param refreshAt         when the last published CRL must be re-signed (midway to its nextUpdate)
 */
public record CrlScope(
        UUID caId,
        UUID scopeId,
        Kind kind,
        int ordinal,
        long capacity,
        long assigned,
        boolean closed,
        String bucket,
        String objectKey,
        String distributionPoint,
        long generation,
        long publishedGeneration,
        long crlNumber,
        long reservedCrlNumber,
        Instant thisUpdate,
        Instant nextUpdate,
        Instant refreshAt,
        Instant createdAt) {

    /** The certificate limit of a CA with a complete CRL, as AWS Private CA has it. */
    public static final long COMPLETE_CRL_LIMIT = 1_000_000;
    /** The certificate limit of a CA with partitioned CRLs, as AWS Private CA has it. */
    public static final long PARTITIONED_LIMIT = 100_000_000;

    public enum Kind {
        COMPLETE, PARTITION
    }

    public CrlScope {
        Objects.requireNonNull(caId);
        Objects.requireNonNull(scopeId);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(createdAt);
        if ((kind == Kind.COMPLETE) != scopeId.equals(caId)) {
            throw new IllegalArgumentException("The complete CRL's scope id is the CA id, and only it.");
        }
    }

    /** A new partition that already holds its first certificate. */
    public static CrlScope newPartition(UUID caId, UUID id, int ordinal, long capacity, String bucket, String objectKey,
            String distributionPoint, Instant now) {
        return new CrlScope(caId, id, Kind.PARTITION, ordinal, capacity, 1, capacity == 1, bucket, objectKey,
                distributionPoint, 1, 0, 0, 0, null, null, null, now);
    }

    /** The complete-CRL scope of a CA that already holds {@code assigned} certificates. */
    public static CrlScope newComplete(UUID caId, long assigned, Instant now) {
        return new CrlScope(caId, caId, Kind.COMPLETE, 0, COMPLETE_CRL_LIMIT, assigned, false, null, null, null, 1, 0, 0,
                0, null, null, null, now);
    }

    public boolean dirty() {
        return generation > publishedGeneration;
    }

    /** The partition id certificates of this scope carry in the store, null for the complete CRL. */
    public UUID partitionId() {
        return kind == Kind.PARTITION ? scopeId : null;
    }
}
