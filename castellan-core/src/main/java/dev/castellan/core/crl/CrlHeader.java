package dev.castellan.core.crl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;

/**
 * Everything of a CRL except its entries and signature: issuer, signature algorithm, thisUpdate, nextUpdate and
 * the three CRL extensions Castellan writes — authority key identifier, CRL number (RFC 5280 §5.2.1, §5.2.3),
 * and for a partition the critical issuing distribution point whose full name lists the partition's URIs
 * (§5.2.5), the same URIs its certificates carry in their CRL distribution point.
 *
 * @param issuingDistributionPoint the partition's URIs; empty for a complete CRL, which then has no IDP
 */
public record CrlHeader(
        X500Name issuer,
        AlgorithmIdentifier signatureAlgorithm,
        Instant thisUpdate,
        Instant nextUpdate,
        BigInteger crlNumber,
        byte[] authorityKeyIdentifier,
        List<String> issuingDistributionPoint) {

    /** The largest CRL number RFC 5280 §5.2.3 allows: 20 octets, positive. */
    public static final BigInteger MAX_CRL_NUMBER = BigInteger.TWO.pow(159).subtract(BigInteger.ONE);

    public CrlHeader {
        Objects.requireNonNull(issuer);
        Objects.requireNonNull(signatureAlgorithm);
        thisUpdate = Der.wholeSeconds(Objects.requireNonNull(thisUpdate));
        nextUpdate = Der.wholeSeconds(Objects.requireNonNull(nextUpdate));
        Objects.requireNonNull(crlNumber);
        Objects.requireNonNull(authorityKeyIdentifier);
        issuingDistributionPoint = List.copyOf(issuingDistributionPoint);
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate " + nextUpdate + " must be after thisUpdate " + thisUpdate);
        }
        if (crlNumber.signum() < 0 || crlNumber.compareTo(MAX_CRL_NUMBER) > 0) {
            throw new IllegalArgumentException("A CRL number is a non-negative integer of at most 20 octets: " + crlNumber);
        }
        authorityKeyIdentifier = authorityKeyIdentifier.clone();
    }

    /**
     * The largest header a CRL of this issuer, algorithm and distribution point can have: a 20-octet CRL number
     * and GeneralizedTime dates. Partition capacities are computed from it.
     */
    public static CrlHeader worstCase(X500Name issuer, AlgorithmIdentifier signatureAlgorithm,
            byte[] authorityKeyIdentifier, List<String> issuingDistributionPoint) {
        Instant farFuture = Instant.parse("2100-01-01T00:00:00Z");
        return new CrlHeader(issuer, signatureAlgorithm, farFuture, farFuture.plusSeconds(86_400), MAX_CRL_NUMBER,
                authorityKeyIdentifier, issuingDistributionPoint);
    }

    @Override
    public byte[] authorityKeyIdentifier() {
        return authorityKeyIdentifier.clone();
    }

    /** version v2, signature, issuer, thisUpdate, nextUpdate: the TBSCertList fields before the entries. */
    byte[] encodedPrefix() {
        byte[] name = der(issuer);
        byte[] algorithm = der(signatureAlgorithm);
        int length = 3 + algorithm.length + name.length + Der.timeLength(thisUpdate) + Der.timeLength(nextUpdate);
        byte[] out = new byte[length];
        out[0] = Der.INTEGER;
        out[1] = 1;
        out[2] = 1; // v2
        int at = 3;
        System.arraycopy(algorithm, 0, out, at, algorithm.length);
        at += algorithm.length;
        System.arraycopy(name, 0, out, at, name.length);
        at += name.length;
        at = Der.time(out, at, thisUpdate);
        Der.time(out, at, nextUpdate);
        return out;
    }

    /** {@code [0] EXPLICIT Extensions}: the TBSCertList field after the entries. */
    byte[] encodedExtensions() {
        List<Extension> extensions = new ArrayList<>();
        extensions.add(extension(Extension.authorityKeyIdentifier, false,
                new AuthorityKeyIdentifier(authorityKeyIdentifier)));
        extensions.add(extension(Extension.cRLNumber, false, new CRLNumber(crlNumber)));
        if (!issuingDistributionPoint.isEmpty()) {
            GeneralName[] names = issuingDistributionPoint.stream()
                    .map(uri -> new GeneralName(GeneralName.uniformResourceIdentifier, uri))
                    .toArray(GeneralName[]::new);
            DistributionPointName point = new DistributionPointName(new GeneralNames(names));
            extensions.add(extension(Extension.issuingDistributionPoint, true,
                    new IssuingDistributionPoint(point, false, false, null, false, false)));
        }
        return der(new DERTaggedObject(true, 0, new Extensions(extensions.toArray(Extension[]::new))));
    }

    /** The {@code signatureAlgorithm} field after the TBSCertList, equal to the one inside it. */
    byte[] encodedAlgorithm() {
        return der(signatureAlgorithm);
    }

    private static Extension extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical,
            org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrlHeader h && issuer.equals(h.issuer) && signatureAlgorithm.equals(h.signatureAlgorithm)
                && thisUpdate.equals(h.thisUpdate) && nextUpdate.equals(h.nextUpdate) && crlNumber.equals(h.crlNumber)
                && Arrays.equals(authorityKeyIdentifier, h.authorityKeyIdentifier)
                && issuingDistributionPoint.equals(h.issuingDistributionPoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(issuer, thisUpdate, crlNumber, issuingDistributionPoint);
    }
}
