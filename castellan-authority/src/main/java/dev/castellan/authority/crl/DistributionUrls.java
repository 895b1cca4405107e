package dev.castellan.authority.crl;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import java.util.UUID;

/**
 * Where a CA's revocation information lives, as URLs put into certificates and as keys inside a bucket. Buckets are
 * folders of the data directory that the server also serves over HTTP, so every URL below resolves to this server
 * (or to a CNAME pointed at it):
 *
 * <pre>
 * complete CRL   {base}/{bucket}/crl/{ca}.crl                   or http://{CustomCname}/crl/{ca}.crl
 * partition CRL  {base}/{bucket}/{path}/{ca}/{partition}.crl    or http://{CustomCname}/{path}/{ca}/{partition}.crl
 * CA certificate {base}/{bucket or "ca"}/ca/{ca}.crt                (AIA caIssuers, DER)
 * OCSP           {base}/ocsp/{ca}                               or http://{OcspCustomCname}/ocsp/{ca}
 * </pre>
 *
 * {path} is {@code CustomPath}, or {@code crl} without one. AWS documents partitions as
 * {@code http://<CustomName>/<CustomPath>/<CrlPartition_GUID>.crl}; Castellan adds the CA id as a folder so one CA's
 * partitions stay together in a bucket and a partition id alone never has to be trusted to name its CA. The complete
 * CRL keeps AWS's {@code crl/<CA-ID>.crl}.
 */
public final class DistributionUrls {
    private final String baseUrl;

    public DistributionUrls(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public static String completeCrlKey(UUID caId) {
        return "crl/" + caId + ".crl";
    }

    public static String caCertificateKey(UUID caId) {
        return "ca/" + caId + ".crt";
    }

    public static String partitionKey(RevocationConfiguration.Crl crl, UUID caId, UUID partition) {
        String path = crl.customPath() == null || crl.customPath().isEmpty() ? "crl" : crl.customPath();
        return path + "/" + caId + "/" + partition + ".crl";
    }

    public String completeCrl(CertificateAuthority ca) {
        return url(ca.revocation().crl(), completeCrlKey(ca.id()));
    }

    public String partitionCrl(CertificateAuthority ca, UUID partition) {
        return url(ca.revocation().crl(), partitionKey(ca.revocation().crl(), ca.id(), partition));
    }

    /** The AIA caIssuers URL: in the CRL bucket when there is one, else in the pseudo-bucket {@code ca}. */
    public String caIssuers(CertificateAuthority ca) {
        RevocationConfiguration.Crl crl = ca.revocation().crl();
        String bucket = crl.enabled() && crl.s3BucketName() != null ? crl.s3BucketName() : "ca";
        return baseUrl + "/" + bucket + "/" + caCertificateKey(ca.id());
    }

    /** The OCSP responder URL for the AIA, or null when OCSP is disabled (served by the OCSP responder, issue 4). */
    public String ocsp(CertificateAuthority ca) {
        RevocationConfiguration.Ocsp ocsp = ca.revocation().ocsp();
        if (!ocsp.enabled()) {
            return null;
        }
        String cname = ocsp.ocspCustomCname();
        return (cname == null || cname.isEmpty() ? baseUrl : "http://" + cname) + "/ocsp/" + ca.id();
    }

    private String url(RevocationConfiguration.Crl crl, String key) {
        String cname = crl.customCname();
        return cname == null || cname.isEmpty() ? baseUrl + "/" + crl.s3BucketName() + "/" + key : "http://" + cname + "/" + key;
    }
}
