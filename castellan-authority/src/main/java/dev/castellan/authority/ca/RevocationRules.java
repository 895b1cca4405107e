package dev.castellan.authority.ca;

import dev.castellan.core.CastellanException;

/** The checks AWS applies to a revocation configuration before storing it. */
final class RevocationRules {
    private RevocationRules() {}

    static void check(RevocationConfiguration r) {
        RevocationConfiguration.Crl crl = r.crl();
        if (!crl.enabled()) {
            if (crl.expirationInDays() != null || crl.customCname() != null || crl.s3BucketName() != null
                    || crl.s3ObjectAcl() != null || crl.crlType() != null || crl.customPath() != null
                    || crl.omitExtension() != null) {
                throw CastellanException.invalidArgs(
                        "A disabled CrlConfiguration must contain only Enabled=false; remove the other members.");
            }
        } else {
            if (crl.s3BucketName() == null || crl.s3BucketName().isEmpty()) {
                throw CastellanException.invalidArgs("An enabled CrlConfiguration needs an S3BucketName.");
            }
            if (crl.s3BucketName().contains("..") || crl.s3BucketName().startsWith("/")) {
                throw CastellanException.invalidArgs("The S3BucketName '" + crl.s3BucketName()
                        + "' must not contain '..' or start with '/'.");
            }
            checkPath(crl.s3BucketName(), "S3BucketName");
            if (crl.customPath() != null && !crl.customPath().isEmpty()) {
                checkPath(crl.customPath(), "CustomPath");
            }
            checkCname(crl.customCname(), "CustomCname");
            if (Boolean.TRUE.equals(crl.omitExtension()) && crl.customCname() != null && !crl.customCname().isEmpty()) {
                throw CastellanException.invalidArgs(
                        "CrlDistributionPointExtensionConfiguration.OmitExtension cannot be combined with CustomCname.");
            }
        }
        RevocationConfiguration.Ocsp ocsp = r.ocsp();
        if (!ocsp.enabled() && ocsp.ocspCustomCname() != null) {
            throw CastellanException.invalidArgs(
                    "A disabled OcspConfiguration must contain only Enabled=false; remove OcspCustomCname.");
        }
        checkCname(ocsp.ocspCustomCname(), "OcspCustomCname");
    }

    /**
     * Bucket names and custom paths become folders of the data directory and segments of CRL URLs: no empty, "." or
     * ".." segment, and none of the characters a URL path cannot carry unencoded.
     */
    private static void checkPath(String path, String member) {
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw CastellanException.invalidArgs(member + " '" + path
                        + "' must be segments separated by single '/', none of them empty, '.' or '..'.");
            }
        }
        if (path.contains("?") || path.contains("#") || path.contains("%")) {
            throw CastellanException.invalidArgs(member + " '" + path + "' must not contain '?', '#' or '%'.");
        }
    }

    private static void checkCname(String cname, String member) {
        if (cname != null && (cname.startsWith("http://") || cname.startsWith("https://"))) {
            throw CastellanException.invalidArgs(member + " must be a host name without 'http://' or 'https://'.");
        }
    }
}
