package dev.castellan.core.ocsp;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.SigningAlgorithm;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Objects;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.RespID;

/**
 * What signs OCSP responses for one CA: the delegated responder's certificate (issued by that CA, EKU OCSPSigning)
 * and its key, which stays in its {@link KeyProvider}. The responder is named by key (RFC 6960 §4.2.2.3: the SHA-1
 * of its public key), as RFC 5019 §2.2.3 recommends, so clients need not compare names.
 */
public record ResponderIdentity(KeyProvider keys, KeyRef key, SigningAlgorithm algorithm, X509CertificateHolder certificate) {
    public ResponderIdentity {
        Objects.requireNonNull(keys);
        Objects.requireNonNull(key);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(certificate);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    RespID respId() {
        byte[] keyBits = certificate.getSubjectPublicKeyInfo().getPublicKeyData().getBytes();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1").digest(keyBits);
            return new RespID(new ResponderID(new DEROctetString(hash)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }
}
