package dev.castellan.core.ocsp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * A CA as OCSP CertIDs name it (RFC 6960 §4.1.1): the hash of its certificate's subject name (DER) and of its
 * public key (the subjectPublicKey BIT STRING's value), for each supported hash algorithm, computed once.
 */
public final class OcspIssuer {
    private final Map<CertId.IssuerHash, byte[]> nameHashes = new EnumMap<>(CertId.IssuerHash.class);
    private final Map<CertId.IssuerHash, byte[]> keyHashes = new EnumMap<>(CertId.IssuerHash.class);

    private OcspIssuer(byte[] nameDer, byte[] keyBits) {
        for (CertId.IssuerHash h : CertId.IssuerHash.values()) {
            nameHashes.put(h, digest(h, nameDer));
            keyHashes.put(h, digest(h, keyBits));
        }
    }

    /** The issuer whose certificate is {@code caCertificateDer}. */
    public static OcspIssuer of(byte[] caCertificateDer) {
        Certificate cert = Certificate.getInstance(caCertificateDer);
        try {
            return new OcspIssuer(cert.getSubject().getEncoded(ASN1Encoding.DER),
                    cert.getSubjectPublicKeyInfo().getPublicKeyData().getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the CA certificate's subject does not encode", e);
        }
    }

    /** Whether the CertID names this issuer: a supported hash algorithm, and both hashes equal (in constant time). */
    public boolean isIssuerOf(CertId id) {
        if (id.hash() == null) {
            return false;
        }
        boolean name = MessageDigest.isEqual(nameHashes.get(id.hash()), id.issuerNameHash());
        boolean key = MessageDigest.isEqual(keyHashes.get(id.hash()), id.issuerKeyHash());
        return name & key;
    }

    private static byte[] digest(CertId.IssuerHash h, byte[] data) {
        try {
            return MessageDigest.getInstance(h.jcaName()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(h.jcaName() + " is missing from the JDK", e);
        }
    }
}
