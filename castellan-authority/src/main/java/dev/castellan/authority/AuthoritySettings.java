package dev.castellan.authority;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Identity of this Castellan installation as it appears in ARNs and in the URLs it writes into certificates.
 *
 * @param publicBaseUrl        where relying parties reach this server's distribution points ({@code http(s)://host[:port][/path]},
 *                             no trailing slash): CRL distribution points, AIA caIssuers and OCSP URLs start with it
 * @param crlPartitionMaxBytes the byte limit of one partition CRL, at most AWS's 1,000,000; partitions are sized so
 *                             their CRL stays within it even when every certificate in them is revoked
 */
public record AuthoritySettings(String partition, String region, String account, String publicBaseUrl,
        long crlPartitionMaxBytes) {
    public static final String DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:7700";
    public static final long MAX_CRL_PARTITION_BYTES = 1_000_000;
    /** The smallest limit that fits an ML-DSA-87 signature, a long issuer name and a useful number of entries. */
    public static final long MIN_CRL_PARTITION_BYTES = 8_192;

    public AuthoritySettings {
        Objects.requireNonNull(partition);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(publicBaseUrl);
        if (!account.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("account must be 12 digits: " + account);
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("region must be lowercase letters, digits and '-': " + region);
        }
        publicBaseUrl = checkBaseUrl(publicBaseUrl);
        if (crlPartitionMaxBytes < MIN_CRL_PARTITION_BYTES || crlPartitionMaxBytes > MAX_CRL_PARTITION_BYTES) {
            throw new IllegalArgumentException("the CRL partition limit must be between " + MIN_CRL_PARTITION_BYTES
                    + " and " + MAX_CRL_PARTITION_BYTES + " bytes: " + crlPartitionMaxBytes);
        }
    }

    /** Settings with the default public URL and the default (and largest) partition CRL size. */
    public AuthoritySettings(String partition, String region, String account) {
        this(partition, region, account, DEFAULT_PUBLIC_BASE_URL, MAX_CRL_PARTITION_BYTES);
    }

    /** Checks an http(s) base URL and drops a trailing slash; the same rule the server applies to --public-url. */
    public static String checkBaseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the public URL is not a URL: " + url);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(
                    "the public URL must be http(s)://host[:port][/path] without user, query or fragment: " + url);
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
