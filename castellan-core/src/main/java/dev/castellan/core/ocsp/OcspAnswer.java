package dev.castellan.core.ocsp;

import java.time.Instant;
import java.util.Objects;

/**
 * One {@code SingleResponse} (RFC 6960 §4.2.1): the status of the certificate a CertID names, valid from
 * {@code thisUpdate} until {@code nextUpdate}. Times go on the wire in whole seconds.
 */
public record OcspAnswer(CertId certId, OcspStatus status, Instant thisUpdate, Instant nextUpdate) {
    public OcspAnswer {
        Objects.requireNonNull(certId);
        Objects.requireNonNull(status);
        Objects.requireNonNull(thisUpdate);
        Objects.requireNonNull(nextUpdate);
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " is not after thisUpdate " + thisUpdate);
        }
    }
}
