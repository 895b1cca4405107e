package dev.castellan.server;

import dev.castellan.authority.AuthoritySettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the server needs to start, validated as a whole before anything is opened: every problem is
 * reported at once, by option name, and secrets are never part of {@link #toString()}.
 *
 * @param databaseUrl    JDBC URL; null means the embedded SQLite file inside the data directory
 * @param masterKeyFile  the AES-256 master key file; null means {@code <dataDir>/master.key}, created if missing
 * @param tlsCertificate PEM certificate chain for HTTPS; with {@code tlsPrivateKey}, enables TLS
 * @param publicUrl      the base URL relying parties reach this server at, put into CRL distribution points and
 *                       AIA of issued certificates; null means this server's own endpoint
 * @param crlPublishInterval how often the CRL publisher looks for CRLs to re-sign; a revocation is in the
 *                       published CRL about one interval later
 * @param crlPartitionMaxBytes the byte limit of one partition CRL (at most 1,000,000)
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        String region,
        String account,
        Path masterKeyFile,
        Path tlsCertificate,
        Path tlsPrivateKey,
        String publicUrl,
        Duration crlPublishInterval,
        long crlPartitionMaxBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7700;
    public static final Duration DEFAULT_CRL_PUBLISH_INTERVAL = Duration.ofSeconds(5);
    /** The publisher must run often enough that a revocation is published within a minute. */
    static final Duration MAX_CRL_PUBLISH_INTERVAL = Duration.ofSeconds(60);

    /** A configuration with the defaults of the CRL options (own endpoint as public URL, 5 s, 1,000,000 bytes). */
    public ServerConfig(String host, int port, Path dataDir, String databaseUrl, String region, String account,
            Path masterKeyFile, Path tlsCertificate, Path tlsPrivateKey) {
        this(host, port, dataDir, databaseUrl, region, account, masterKeyFile, tlsCertificate, tlsPrivateKey, null,
                DEFAULT_CRL_PUBLISH_INTERVAL, AuthoritySettings.MAX_CRL_PARTITION_BYTES);
    }

    /** Thrown with every configuration problem found, one per line. */
    public static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(List<String> problems) {
            super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    public ServerConfig validate() {
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > 65535) {
            problems.add("--port must be between 0 and 65535, not " + port);
        }
        if (!region.matches("[a-z0-9-]{1,32}")) {
            problems.add("--region must be lowercase letters, digits and '-', like us-east-1: " + region);
        }
        if (!account.matches("[0-9]{12}")) {
            problems.add("--account must be exactly 12 digits: " + account);
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:sqlite:") && !databaseUrl.startsWith("jdbc:postgresql:")) {
            problems.add("--database-url must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if ((tlsCertificate == null) != (tlsPrivateKey == null)) {
            problems.add("--tls-cert and --tls-key must be given together");
        }
        if (!tlsEnabled() && !isLoopback(host)) {
            problems.add("--host " + host + " is not a loopback address: refusing to serve the API in clear text "
                    + "beyond this machine; configure --tls-cert and --tls-key, or bind 127.0.0.1");
        }
        if (publicUrl != null) {
            try {
                AuthoritySettings.checkBaseUrl(publicUrl);
            } catch (IllegalArgumentException e) {
                problems.add("--public-url: " + e.getMessage());
            }
        }
        if (crlPublishInterval == null || crlPublishInterval.compareTo(Duration.ofSeconds(1)) < 0
                || crlPublishInterval.compareTo(MAX_CRL_PUBLISH_INTERVAL) > 0) {
            problems.add("--crl-publish-interval must be between 1 and 60 seconds, not " + crlPublishInterval);
        }
        if (crlPartitionMaxBytes < AuthoritySettings.MIN_CRL_PARTITION_BYTES
                || crlPartitionMaxBytes > AuthoritySettings.MAX_CRL_PARTITION_BYTES) {
            problems.add("--crl-partition-max-bytes must be between " + AuthoritySettings.MIN_CRL_PARTITION_BYTES
                    + " and " + AuthoritySettings.MAX_CRL_PARTITION_BYTES + ", not " + crlPartitionMaxBytes);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return this;
    }

    public boolean tlsEnabled() {
        return tlsCertificate != null && tlsPrivateKey != null;
    }

    public String effectiveDatabaseUrl() {
        return databaseUrl != null ? databaseUrl : "jdbc:sqlite:" + dataDir.resolve("castellan.db").toAbsolutePath();
    }

    public Path effectiveMasterKeyFile() {
        return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key");
    }

    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The database URL with any password query parameter masked, for logs. */
    public String maskedDatabaseUrl() {
        return effectiveDatabaseUrl().replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    @Override
    public String toString() {
        return "host=" + host + " port=" + port + " dataDir=" + dataDir + " database=" + maskedDatabaseUrl()
                + " region=" + region + " account=" + account + " tls=" + tlsEnabled()
                + " publicUrl=" + (publicUrl == null ? "(own endpoint)" : publicUrl)
                + " crlPublishInterval=" + crlPublishInterval + " crlPartitionMaxBytes=" + crlPartitionMaxBytes;
    }
}
