package dev.castellan.server.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the commands find the server and credentials: the AWS CLI's rules, on a real temporary home directory. */
class AwsEnvironmentTest {
    static final AwsEnvironment.Overrides NONE = new AwsEnvironment.Overrides(null, null, null);

    @TempDir
    Path home;
    Map<String, String> env = new HashMap<>();

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                # the default profile
                [default]
                aws_access_key_id = AKIDDEFAULT
                aws_secret_access_key = secret-default

                [release]
                aws_access_key_id=AKIDRELEASE
                aws_secret_access_key=secret-release
                aws_session_token = token-release
                """);
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = eu-west-1
                [profile release]
                region = ap-south-2
                endpoint_url = https://ca.example:8443
                s3 =
                  endpoint_url = https://s3.example
                """);
    }

    ClientSettings resolve(AwsEnvironment.Overrides o) {
        return new AwsEnvironment(env, home).resolve(o);
    }

    @Test
    void resolve_whatCastellanEnvPrints_usesItsEndpointFileAndRegion() throws Exception {
        Path credentials = Files.writeString(home.resolve("castellan-credentials"),
                "[default]\naws_access_key_id = AKIDCASTELLAN\naws_secret_access_key = s3cret\n");
        env.putAll(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:45678", "AWS_SHARED_CREDENTIALS_FILE",
                credentials.toString(), "AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-east-1"));

        ClientSettings s = resolve(NONE);

        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:45678"));
        assertThat(s.accessKeyId()).isEqualTo("AKIDCASTELLAN");
        assertThat(s.secretAccessKey()).isEqualTo("s3cret");
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.toString()).doesNotContain("s3cret");
    }

    @Test
    void resolve_nothingConfigured_defaultProfileRegionAndCastellansDefaultEndpoint() {
        ClientSettings s = resolve(NONE);

        assertThat(s.accessKeyId()).isEqualTo("AKIDDEFAULT");
        assertThat(s.region()).isEqualTo("eu-west-1");
        assertThat(s.endpoint()).isEqualTo(AwsEnvironment.DEFAULT_ENDPOINT);
    }

    @Test
    void resolve_keysInEnvironment_winOverTheDefaultProfile() {
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "secret-env",
                "AWS_SESSION_TOKEN", "token-env"));

        ClientSettings s = resolve(NONE);

        assertThat(s.accessKeyId()).isEqualTo("AKIDENV");
        assertThat(s.sessionToken()).isEqualTo("token-env");
    }

    @Test
    void resolve_profileOption_winsOverEnvironmentKeysAndUsesItsConfig() {
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "secret-env"));

        ClientSettings s = resolve(new AwsEnvironment.Overrides(null, "release", null));

        assertThat(s.accessKeyId()).isEqualTo("AKIDRELEASE");
        assertThat(s.sessionToken()).isEqualTo("token-release");
        assertThat(s.region()).isEqualTo("ap-south-2");
        assertThat(s.endpoint()).isEqualTo(URI.create("https://ca.example:8443"));
    }

    @Test
    void resolve_serviceEndpointAndRegionVariables_winInTheAwsOrder() {
        env.putAll(Map.of("AWS_PROFILE", "release", "AWS_ENDPOINT_URL", "http://generic:1",
                "AWS_ENDPOINT_URL_KMS", "http://kms:2", "AWS_DEFAULT_REGION", "sa-east-1", "AWS_REGION", "ca-central-1"));

        ClientSettings s = resolve(NONE);

        assertThat(s.endpoint()).isEqualTo(URI.create("http://kms:2"));
        assertThat(s.region()).isEqualTo("ca-central-1");
        assertThat(resolve(new AwsEnvironment.Overrides("http://option:3", null, "me-south-1")))
                .satisfies(o -> assertThat(o.endpoint()).isEqualTo(URI.create("http://option:3")))
                .satisfies(o -> assertThat(o.region()).isEqualTo("me-south-1"));
    }

    @Test
    void resolve_ignoreConfiguredEndpoints_fallsBackToTheDefault() {
        env.putAll(Map.of("AWS_ENDPOINT_URL", "http://generic:1", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        assertThat(resolve(NONE).endpoint()).isEqualTo(AwsEnvironment.DEFAULT_ENDPOINT);
    }

    @Test
    void resolve_noCredentialsAnywhere_saysWhatToSet() {
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("absent").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("absent-too").toString());

        assertThatThrownBy(() -> resolve(NONE)).isInstanceOf(ClientException.class)
                .hasMessage("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or"
                        + " AWS_SHARED_CREDENTIALS_FILE with a [default] profile; `eval \"$(./castellan env)\"` sets them"
                        + " for a local Castellan server");
    }

    @Test
    void resolve_unknownProfile_namesBothFiles() {
        assertThatThrownBy(() -> resolve(new AwsEnvironment.Overrides(null, "nope", null)))
                .isInstanceOf(ClientException.class)
                .hasMessageStartingWith("the profile 'nope' is in neither ");
    }

    @Test
    void resolve_endpointThatIsNotHttp_refused() {
        env.put("AWS_ENDPOINT_URL", "ftp://example");

        assertThatThrownBy(() -> resolve(NONE)).isInstanceOf(ClientException.class)
                .hasMessageContaining("'ftp://example' is not an http:// or https:// URL");
    }
}
