package dev.castellan.server.codesign;

import dev.castellan.server.client.AwsEnvironment;
import dev.castellan.server.client.KmsJsonClient;
import java.time.InstantSource;
import picocli.CommandLine.Option;

/**
 * How a command finds the running server: by default as the AWS CLI does, from {@code AWS_ENDPOINT_URL},
 * {@code AWS_SHARED_CREDENTIALS_FILE} or {@code AWS_ACCESS_KEY_ID}, {@code AWS_PROFILE} and {@code AWS_REGION} —
 * what {@code eval "$(./castellan env)"} sets — and these options win over the environment.
 */
public final class ConnectionOptions {
    @Option(names = "--endpoint-url", paramLabel = "<url>",
            description = "The server's URL (default: AWS_ENDPOINT_URL, else http://127.0.0.1:7700).")
    String endpointUrl;

    @Option(names = "--profile", paramLabel = "<profile>",
            description = "The credentials profile (default: AWS_PROFILE, else default).")
    String profile;

    @Option(names = "--region", paramLabel = "<region>",
            description = "The region of the request signature (default: AWS_REGION, else us-east-1).")
    String region;

    KmsJsonClient kms() {
        AwsEnvironment.Overrides overrides = new AwsEnvironment.Overrides(endpointUrl, profile, region);
        return new KmsJsonClient(AwsEnvironment.system().resolve(overrides), InstantSource.system());
    }
}
