package dev.castellan.authority.ca;

/**
 * How a CA publishes revocation: CRLs and OCSP, exactly as configured through the AWS API. Stored now and acted
 * on by the revocation module.
 */
public record RevocationConfiguration(Crl crl, Ocsp ocsp) {

    public static final RevocationConfiguration DISABLED =
            new RevocationConfiguration(Crl.DISABLED, Ocsp.DISABLED);

    public RevocationConfiguration {
        crl = crl == null ? Crl.DISABLED : crl;
        ocsp = ocsp == null ? Ocsp.DISABLED : ocsp;
    }

    /** AWS's {@code CrlConfiguration}; null members were not given. */
    public record Crl(
            boolean enabled,
            Integer expirationInDays,
            String customCname,
            String s3BucketName,
            String s3ObjectAcl,
            String crlType,
            String customPath,
            Boolean omitExtension) {
        public static final Crl DISABLED = new Crl(false, null, null, null, null, null, null, null);
    }

    /** AWS's {@code OcspConfiguration}. */
    public record Ocsp(boolean enabled, String ocspCustomCname) {
        public static final Ocsp DISABLED = new Ocsp(false, null);
    }
}
