package dev.castellan.core.ocsp;

import dev.castellan.core.model.Serial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.CertID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/**
 * The {@code CertID} of one certificate in an OCSP request (RFC 6960 §4.1.1): the hash algorithm, the hashes of
 * the issuer's name and key, and the serial. The parsed ASN.1 is kept so a response echoes exactly what was asked.
 *
 * @param hash the CertID's hash algorithm, or null when it is one this responder does not support (the certificate
 *             is then answered "unknown": the responder cannot tell which issuer is meant)
 */
public record CertId(CertID asn1, IssuerHash hash, BigInteger serialNumber) {

    /** The CertID hash algorithms this responder matches issuers with: SHA-1 (what most clients send) and SHA-256. */
    public enum IssuerHash {
        SHA1(OIWObjectIdentifiers.idSHA1, "SHA-1"),
        SHA256(NISTObjectIdentifiers.id_sha256, "SHA-256");

        private final ASN1ObjectIdentifier oid;
        private final String jcaName;

        IssuerHash(ASN1ObjectIdentifier oid, String jcaName) {
            this.oid = oid;
            this.jcaName = jcaName;
        }

        public ASN1ObjectIdentifier oid() {
            return oid;
        }

        /** The JCA {@code MessageDigest} name. */
        public String jcaName() {
            return jcaName;
        }

        static IssuerHash of(ASN1ObjectIdentifier oid) {
            for (IssuerHash h : values()) {
                if (h.oid.equals(oid)) {
                    return h;
                }
            }
            return null;
        }
    }

    static CertId of(CertID asn1) {
        return new CertId(asn1, IssuerHash.of(asn1.getHashAlgorithm().getAlgorithm()), asn1.getSerialNumber().getValue());
    }

    /** The serial as a certificate serial, empty when the number asked for cannot be one (not positive, over 20 octets). */
    public Optional<Serial> serial() {
        if (serialNumber.signum() <= 0 || serialNumber.bitLength() > 159) {
            return Optional.empty();
        }
        return Optional.of(new Serial(serialNumber));
    }

    public byte[] issuerNameHash() {
        return asn1.getIssuerNameHash().getOctets();
    }

    public byte[] issuerKeyHash() {
        return asn1.getIssuerKeyHash().getOctets();
    }

    /** The DER encoding, which tells apart two requests for the same serial with different hash algorithms. */
    public byte[] encoded() {
        try {
            return asn1.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
