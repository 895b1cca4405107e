package dev.castellan.core.x509;

import dev.castellan.core.model.ApiPassthroughSpec;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Everything {@link CertificateAssembler} needs to build one certificate: the (already verified) CSR, the
 * template, the optional API passthrough, the issuer's name and key, the reserved serial, the validity window and
 * the pointers from the CA's configuration.
 *
 * @param issuerSubjectKeyIdentifier the issuer certificate's SKI; null when self-signed or when the issuer
 *     certificate has none, in which case the AKI is the SHA-1 of the issuer key (RFC 5280 §4.2.1.2 method 1)
 * @param selfSigned whether the certificate is the issuer's own (root templates require it)
 * @param crlDistributionPointUris the CA's CRL URIs (one distribution point, alternative locations); empty = none
 * @param ocspUrl the OCSP responder for the AIA {@code id-ad-ocsp}; null = none
 * @param caIssuersUrl where the issuer certificate is published, for the AIA {@code id-ad-caIssuers}; null = none
 */
public record IssuanceInput(
        PKCS10CertificationRequest csr,
        CertificateTemplate template,
        ApiPassthroughSpec apiPassthrough,
        X500Name issuerName,
        PublicKey issuerPublicKey,
        byte[] issuerSubjectKeyIdentifier,
        boolean selfSigned,
        BigInteger serial,
        Instant notBefore,
        Instant notAfter,
        List<String> crlDistributionPointUris,
        String ocspUrl,
        String caIssuersUrl) {

    public IssuanceInput {
        Objects.requireNonNull(csr, "csr");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(issuerName, "issuerName");
        Objects.requireNonNull(issuerPublicKey, "issuerPublicKey");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        issuerSubjectKeyIdentifier = issuerSubjectKeyIdentifier == null ? null : issuerSubjectKeyIdentifier.clone();
        crlDistributionPointUris = crlDistributionPointUris == null ? List.of() : List.copyOf(crlDistributionPointUris);
    }

    @Override
    public byte[] issuerSubjectKeyIdentifier() {
        return issuerSubjectKeyIdentifier == null ? null : issuerSubjectKeyIdentifier.clone();
    }
}
