package dev.castellan.authority.ocsp;

import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CA's delegated OCSP responder as the store keeps it: the key (in the CA's {@code KeyProvider}, never exported)
 * and the OCSP-signing certificate the CA issued for it. The certificate is also an ISSUED row of the CA's
 * certificates with this serial, so it appears in audits like any other certificate the CA signed.
 */
public record DelegatedResponder(UUID caId, Serial serial, KeyRef key, byte[] certificateDer, Instant notBefore,
        Instant notAfter, Instant createdAt) {
    public DelegatedResponder {
        Objects.requireNonNull(caId);
        Objects.requireNonNull(serial);
        Objects.requireNonNull(key);
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(createdAt);
        certificateDer = certificateDer.clone();
    }

    @Override
    public byte[] certificateDer() {
        return certificateDer.clone();
    }
}
