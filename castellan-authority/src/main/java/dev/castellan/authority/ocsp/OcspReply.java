package dev.castellan.authority.ocsp;

import dev.castellan.core.ocsp.OcspResponseStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What the OCSP responder answers one request with: the DER {@code OCSPResponse} and, for a response an HTTP cache
 * may keep (successful, no nonce), its freshness, from which the edge writes the RFC 5019 §6 headers.
 *
 * @param freshness null when the response must not be cached (errors, and responses echoing a nonce)
 */
public record OcspReply(byte[] der, OcspResponseStatus status, Freshness freshness) {
    public OcspReply {
        Objects.requireNonNull(der);
        Objects.requireNonNull(status);
    }

    /** How long a response stays valid: its thisUpdate, nextUpdate, and an entity tag naming its exact bytes. */
    public record Freshness(Instant thisUpdate, Instant nextUpdate, String etag) {}
}
