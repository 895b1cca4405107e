package dev.castellan.core.crl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * The CA as its CRLs name it: the subject of its certificate as the CRL issuer, and the key identifier its CRLs'
 * authority key identifier carries — the certificate's subject key identifier, or when it has none the SHA-1 of
 * its public key (RFC 5280 §4.2.1.2 method 1), the same rule certificates issued by the CA follow.
 */
public record CrlIssuer(X500Name name, byte[] keyIdentifier) {
    public CrlIssuer {
        Objects.requireNonNull(name);
        keyIdentifier = keyIdentifier.clone();
    }

    /** The issuer of the CA whose certificate is {@code certificateDer}. */
    public static CrlIssuer of(byte[] certificateDer) {
        Certificate cert = Certificate.getInstance(certificateDer);
        Extensions extensions = cert.getTBSCertificate().getExtensions();
        SubjectKeyIdentifier ski = extensions == null ? null : SubjectKeyIdentifier.fromExtensions(extensions);
        byte[] keyId = ski != null ? ski.getKeyIdentifier() : sha1(cert.getSubjectPublicKeyInfo().getPublicKeyData().getBytes());
        return new CrlIssuer(cert.getSubject(), keyId);
    }

    @Override
    public byte[] keyIdentifier() {
        return keyIdentifier.clone();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrlIssuer i && name.equals(i.name) && java.util.Arrays.equals(keyIdentifier, i.keyIdentifier);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "CrlIssuer[" + name + "]";
    }
}
