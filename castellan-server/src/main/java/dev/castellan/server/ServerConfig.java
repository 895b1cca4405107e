package dev.castellan.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the server needs to start, validated as a whole before anything is opened: every problem is
 * reported at once, by option name, and secrets are never part of {@link #toString()}.
 *
 * @param databaseUrl    JDBC URL; null means the embedded SQLite file inside the data directory
 * @param masterKeyFile  the AES-256 master key file; null means {@code <dataDir>/master.key}, created if missing
 * @param tlsCertificate PEM certificate chain for HTTPS; with {@code tlsPrivateKey}, enables TLS
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
        Path tlsPrivateKey) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 7700;

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
                + " region=" + region + " account=" + account + " tls=" + tlsEnabled();
    }
}
