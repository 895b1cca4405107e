package dev.castellan.authority.store;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.authority.ocsp.RecentRevocation;
import dev.castellan.core.crl.CrlEntry;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** What the authority reads from the store. */
public interface ReadTransaction {
    Optional<CertificateAuthority> certificateAuthority(UUID id);

    /** CAs ordered by creation then id, starting strictly after the given cursor (null for the first page). */
    List<CertificateAuthority> certificateAuthorities(ListCursor after, int limit);

    Optional<IdempotencyRecord> idempotency(String scope, String token, Instant notBefore);

    Optional<AccessKey> accessKey(String accessKeyId);

    boolean anyAccessKey();

    /** The oldest administrator access key, the one written to a node's credentials file. */
    Optional<String> administratorAccessKeyId();

    /** A certificate of a CA by serial, PENDING or ISSUED. */
    Optional<IssuedCertificate> certificate(UUID caId, Serial serial);

    // ----- CRL scopes and publication (revocation)

    /** One CRL scope of a CA: its complete CRL (scope id = CA id) or one of its partitions. */
    Optional<CrlScope> crlScope(UUID caId, UUID scopeId);

    /** The partition new certificates of the CA are bound to, if one is open. */
    Optional<CrlScope> openCrlPartition(UUID caId);

    /** The highest partition ordinal of the CA, 0 if it has no partition. */
    int lastCrlPartitionOrdinal(UUID caId);

    /** The certificates bound to any CRL scope of the CA: the sum of their assigned counts. */
    long boundCertificates(UUID caId);

    /** Every certificate row of the CA, PENDING or ISSUED. */
    long certificateCount(UUID caId);

    /** Every scope of the CA: the complete CRL first, then partitions by ordinal. */
    List<CrlScope> crlScopes(UUID caId);

    /** Scopes of every CA whose CRL must be signed at {@code now}: dirty or due for refresh; dirty ones first. */
    List<CrlScope> crlScopesDue(Instant now);

    /**
     * Visits the revoked certificates of one scope in serial order, streaming: nothing is collected. Certificates
     * whose notAfter is before {@code notAfterFloor} are skipped (they expired before the previous CRL).
     *
     * @param partitionId the partition, or null for the complete CRL (certificates bound to no partition)
     */
    void forEachRevoked(UUID caId, UUID partitionId, Instant notAfterFloor, Consumer<CrlEntry> visitor);

    /** The newest published CRL of a scope. */
    Optional<CrlPublication> crlPublication(UUID caId, UUID scopeId);

    /** Whether {@code holder} holds the named lease at {@code now}. */
    boolean holdsLease(String name, String holder, Instant now);

    // ----- OCSP responder (issue 4, item 7)

    /** The CA's delegated OCSP responder with the latest notAfter, if it has one. */
    Optional<DelegatedResponder> ocspResponder(UUID caId);

    /**
     * Visits the certificates of every CA revoked at or after {@code since}, oldest first, streaming: how each server
     * learns of revocations made by the others sharing the database.
     */
    void forEachRevokedSince(Instant since, Consumer<RecentRevocation> visitor);

    // ----- end OCSP responder

    /** A position in the CA listing: the creation time and id of the last CA returned. */
    record ListCursor(Instant createdAt, UUID id) {}

    /** A remembered request: the hash of its arguments and the resource it produced. */
    record IdempotencyRecord(String scope, String token, String argumentsHash, String result, Instant createdAt) {}
}
