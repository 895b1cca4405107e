package dev.castellan.core.x509;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;

/**
 * A certificate read field by field from its DER, tolerating what strict parsers refuse (repeated extensions,
 * negative or oversized serials), so that {@link CertificateLinter} can report such defects instead of failing.
 *
 * @param serialOctets the number of content octets of the serial INTEGER
 * @param extensions every extension in order, repeats included
 */
record RawCertificate(
        int version,
        BigInteger serial,
        int serialOctets,
        AlgorithmIdentifier tbsSignatureAlgorithm,
        AlgorithmIdentifier signatureAlgorithm,
        X500Name issuer,
        Time notBefore,
        Time notAfter,
        X500Name subject,
        SubjectPublicKeyInfo publicKey,
        List<Extension> extensions) {

    static RawCertificate parse(byte[] der) throws IOException {
        ASN1Sequence cert = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(der));
        if (cert.size() != 3) {
            throw new IOException("a Certificate is a SEQUENCE of 3 elements, this one has " + cert.size());
        }
        ASN1Sequence tbs = ASN1Sequence.getInstance(cert.getObjectAt(0));
        int i = 0;
        int version = 1;
        if (tbs.getObjectAt(0) instanceof ASN1TaggedObject t && t.getTagNo() == 0) {
            version = ASN1Integer.getInstance(t.getExplicitBaseObject()).intValueExact() + 1;
            i++;
        }
        ASN1Integer serial = ASN1Integer.getInstance(tbs.getObjectAt(i++));
        AlgorithmIdentifier tbsAlgorithm = AlgorithmIdentifier.getInstance(tbs.getObjectAt(i++));
        X500Name issuer = X500Name.getInstance(tbs.getObjectAt(i++));
        ASN1Sequence validity = ASN1Sequence.getInstance(tbs.getObjectAt(i++));
        X500Name subject = X500Name.getInstance(tbs.getObjectAt(i++));
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(tbs.getObjectAt(i++));
        List<Extension> extensions = new ArrayList<>();
        for (; i < tbs.size(); i++) {
            ASN1Encodable e = tbs.getObjectAt(i);
            if (e instanceof ASN1TaggedObject t && t.getTagNo() == 3) {
                for (ASN1Encodable ext : ASN1Sequence.getInstance(t.getExplicitBaseObject())) {
                    extensions.add(Extension.getInstance(ext));
                }
            }
        }
        // DER INTEGER content is the minimal two's complement, which is what toByteArray returns.
        return new RawCertificate(version, serial.getValue(), serial.getValue().toByteArray().length, tbsAlgorithm,
                AlgorithmIdentifier.getInstance(cert.getObjectAt(1)), issuer,
                Time.getInstance(validity.getObjectAt(0)), Time.getInstance(validity.getObjectAt(1)), subject, spki,
                List.copyOf(extensions));
    }

    /** All occurrences of one extension. */
    List<Extension> all(ASN1ObjectIdentifier oid) {
        return extensions.stream().filter(e -> e.getExtnId().equals(oid)).toList();
    }

    /** The first occurrence of one extension, or null. */
    Extension first(ASN1ObjectIdentifier oid) {
        return extensions.stream().filter(e -> e.getExtnId().equals(oid)).findFirst().orElse(null);
    }
}
