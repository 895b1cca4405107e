package dev.castellan.core.ocsp;

import dev.castellan.core.model.RevocationReason;
import java.time.Instant;
import java.util.Objects;

/** The status of one certificate in an OCSP response (RFC 6960 §2.2): good, revoked or unknown. */
public sealed interface OcspStatus {
    /** Issued by the CA and not known to be revoked. */
    record Good() implements OcspStatus {}

    /**
     * Revoked at {@code revokedAt} (whole seconds on the wire) for {@code reason}; the response carries the reason
     * unless it is {@link RevocationReason#UNSPECIFIED}, as the CA's CRL entries do (RFC 5280 §5.3.1).
     */
    record Revoked(Instant revokedAt, RevocationReason reason) implements OcspStatus {
        public Revoked {
            Objects.requireNonNull(revokedAt);
            Objects.requireNonNull(reason);
        }
    }

    /** Not a certificate this responder knows: never issued by the CA, or a CertID naming another issuer. */
    record Unknown() implements OcspStatus {}

    OcspStatus GOOD = new Good();
    OcspStatus UNKNOWN = new Unknown();
}
