package dev.castellan.authority.store;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.credentials.AccessKey;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What the authority reads from the store. */
public interface ReadTransaction {
    Optional<CertificateAuthority> certificateAuthority(UUID id);

    /** CAs ordered by creation then id, starting strictly after the given cursor (null for the first page). */
    List<CertificateAuthority> certificateAuthorities(ListCursor after, int limit);

    Optional<IdempotencyRecord> idempotency(String scope, String token, Instant notBefore);

    Optional<AccessKey> accessKey(String accessKeyId);

    boolean anyAccessKey();

    /** A certificate of a CA by serial, PENDING or ISSUED. */
    Optional<IssuedCertificate> certificate(UUID caId, Serial serial);

    /** A position in the CA listing: the creation time and id of the last CA returned. */
    record ListCursor(Instant createdAt, UUID id) {}

    /** A remembered request: the hash of its arguments and the resource it produced. */
    record IdempotencyRecord(String scope, String token, String argumentsHash, String result, Instant createdAt) {}
}
