package dev.castellan.authority.revocation;

import java.util.List;
import java.util.UUID;

/**
 * What a certificate being issued must carry for its revocation to be found, decided by {@link RevocationBinding}
 * in the issuance transaction.
 *
 * @param crlDistributionPoints the URIs of one CRL distribution point (empty: no CDP extension — CRLs disabled or
 *                              {@code OmitExtension=true})
 * @param partitionId           the CRL partition the certificate is bound to; store it on the certificate row
 *                              ({@code IssuedCertificate.pending(..., partitionId)}); null = the complete CRL
 * @param ocspUrl               the AIA id-ad-ocsp URL, null while OCSP is disabled
 * @param caIssuersUrl          the AIA id-ad-caIssuers URL where the CA certificate is served (DER)
 */
public record IssuanceUrls(List<String> crlDistributionPoints, UUID partitionId, String ocspUrl, String caIssuersUrl) {
    public IssuanceUrls {
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
    }
}
