package dev.castellan.server.client;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server is and who the client is: the result of {@link AwsEnvironment#resolve}.
 *
 * @param endpoint        the server's base URL, http or https
 * @param region          the region of the Signature V4 scope
 * @param accessKeyId     the access key id
 * @param secretAccessKey the secret; never printed
 * @param sessionToken    a session token to send as {@code X-Amz-Security-Token}, or null
 * @param caBundle        PEM certificates to trust for https instead of the JDK's roots, or null
 * @param credentialsFrom where the credentials were found, for messages
 */
public record ClientSettings(URI endpoint, String region, String accessKeyId, String secretAccessKey,
        String sessionToken, Path caBundle, String credentialsFrom) {
    public ClientSettings {
        Objects.requireNonNull(endpoint);
        Objects.requireNonNull(region);
        Objects.requireNonNull(accessKeyId);
        Objects.requireNonNull(secretAccessKey);
    }

    @Override
    public String toString() {
        return "ClientSettings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                + ", secretAccessKey=****, sessionToken=" + (sessionToken == null ? "none" : "****") + ", caBundle="
                + caBundle + ", credentialsFrom=" + credentialsFrom + "]";
    }
}
