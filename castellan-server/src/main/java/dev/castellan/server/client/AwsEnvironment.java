package dev.castellan.server.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the server and the caller's credentials the way the AWS CLI does, so that {@code eval "$(./castellan env)"}
 * (or any AWS setup) serves Castellan's own commands too.
 *
 * <ul>
 *   <li>Profile: {@code --profile}, else {@code AWS_PROFILE}, else {@code AWS_DEFAULT_PROFILE}, else
 *       {@code default}.</li>
 *   <li>Credentials: {@code AWS_ACCESS_KEY_ID} + {@code AWS_SECRET_ACCESS_KEY} (+ {@code AWS_SESSION_TOKEN}) unless
 *       {@code --profile} names a profile; then the profile in the shared credentials file
 *       ({@code AWS_SHARED_CREDENTIALS_FILE}, default {@code ~/.aws/credentials}); then the profile in the config file
 *       ({@code AWS_CONFIG_FILE}, default {@code ~/.aws/config}, sections {@code [profile name]}).</li>
 *   <li>Region: {@code --region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's {@code region}, else
 *       us-east-1 (where the AWS CLI would stop: a local server does not care).</li>
 *   <li>Endpoint: {@code --endpoint-url}, {@code AWS_ENDPOINT_URL_KMS}, {@code AWS_ENDPOINT_URL}, the profile's
 *       {@code endpoint_url}, else Castellan's default {@code http://127.0.0.1:7700}; the middle three are skipped when
 *       {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}, as the AWS CLI skips them.</li>
 *   <li>TLS roots: {@code AWS_CA_BUNDLE}, else the profile's {@code ca_bundle}, else the JDK's.</li>
 * </ul>
 */
public final class AwsEnvironment {
    public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:7700");
    public static final String DEFAULT_REGION = "us-east-1";
    private static final String HINT = "; `eval \"$(./castellan env)\"` sets them for a local Castellan server";

    /** Command-line options, which win over everything else; any may be null. */
    public record Overrides(String endpointUrl, String profile, String region) {}

    private final Map<String, String> env;
    private final Path home;

    public AwsEnvironment(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** This process's environment and home directory. */
    public static AwsEnvironment system() {
        return new AwsEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * The settings to reach the server with.
     *
     * @throws ClientException CONFIGURATION if there are no credentials, a named profile does not exist, or the
     *         endpoint is not an http(s) URL
     */
    public ClientSettings resolve(Overrides o) {
        String profile = first(o.profile(), env("AWS_PROFILE"), env("AWS_DEFAULT_PROFILE"), "default");
        Path credentialsFile = path(env("AWS_SHARED_CREDENTIALS_FILE"), home.resolve(".aws/credentials"));
        Path configFile = path(env("AWS_CONFIG_FILE"), home.resolve(".aws/config"));
        Map<String, String> fromCredentials = section(credentialsFile, profile);
        String configSection = profile.equals("default") ? "default" : "profile " + profile;
        Map<String, String> fromConfig = section(configFile, configSection);
        if (!profile.equals("default") && fromCredentials == null && fromConfig == null) {
            throw new ClientException(ClientException.Kind.CONFIGURATION, "the profile '" + profile + "' is in neither "
                    + credentialsFile + " nor " + configFile);
        }
        Map<String, String> config = fromConfig == null ? Map.of() : fromConfig;

        String id;
        String secret;
        String token;
        String from;
        if (o.profile() == null && env("AWS_ACCESS_KEY_ID") != null && env("AWS_SECRET_ACCESS_KEY") != null) {
            id = env("AWS_ACCESS_KEY_ID");
            secret = env("AWS_SECRET_ACCESS_KEY");
            token = env("AWS_SESSION_TOKEN");
            from = "the environment (AWS_ACCESS_KEY_ID)";
        } else {
            Map<String, String> source = fromCredentials != null && fromCredentials.containsKey("aws_access_key_id")
                    ? fromCredentials : config;
            id = source.get("aws_access_key_id");
            secret = source.get("aws_secret_access_key");
            token = source.get("aws_session_token");
            from = "profile '" + profile + "' of " + (source == fromCredentials ? credentialsFile : configFile);
            if (id == null || secret == null) {
                throw new ClientException(ClientException.Kind.CONFIGURATION, "no AWS credentials: set"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_SHARED_CREDENTIALS_FILE with a ["
                        + profile + "] profile" + HINT);
            }
        }
        String region = first(o.region(), env("AWS_REGION"), env("AWS_DEFAULT_REGION"), config.get("region"),
                DEFAULT_REGION);
        boolean ignoreConfigured = "true".equalsIgnoreCase(env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"));
        String endpoint = ignoreConfigured ? first(o.endpointUrl(), DEFAULT_ENDPOINT.toString())
                : first(o.endpointUrl(), env("AWS_ENDPOINT_URL_KMS"), env("AWS_ENDPOINT_URL"),
                        config.get("endpoint_url"), DEFAULT_ENDPOINT.toString());
        String caBundle = first(env("AWS_CA_BUNDLE"), config.get("ca_bundle"));
        return new ClientSettings(endpoint(endpoint), region, id, secret, token,
                caBundle == null ? null : Path.of(caBundle), from);
    }

    private static URI endpoint(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(text, "not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ClientException(ClientException.Kind.CONFIGURATION, "the endpoint '" + text
                    + "' is not an http:// or https:// URL (from --endpoint-url, AWS_ENDPOINT_URL or endpoint_url)");
        }
    }

    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Path path(String configured, Path fallback) {
        return configured != null ? Path.of(configured) : fallback;
    }

    private static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /**
     * The keys of one {@code [name]} section of an AWS INI file, or null if the file or the section is absent.
     * Comments ({@code #}, {@code ;}) and indented sub-keys (e.g. {@code s3 =} blocks) are skipped.
     */
    static Map<String, String> section(Path file, String name) {
        List<String> lines;
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ClientException(ClientException.Kind.CONFIGURATION, "cannot read " + file + ": "
                    + e.getMessage());
        }
        Map<String, String> out = null;
        boolean inside = false;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                if (inside) {
                    break;
                }
                inside = line.substring(1, line.length() - 1).strip().replaceAll("\\s+", " ").equals(name);
                if (inside) {
                    out = new HashMap<>();
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (inside && eq > 0 && !Character.isWhitespace(raw.charAt(0))) {
                out.put(line.substring(0, eq).strip().toLowerCase(Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        return out;
    }
}
