package dev.castellan.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code castellan} command line in its own JVM, configured as a user would configure it: only through the
 * environment that {@code eval "$(./castellan env)"} sets, with no AWS config file of the machine in the way.
 */
public final class CastellanCli {
    private CastellanCli() {}

    /** The environment {@code ./castellan env} prints for this server. */
    public static Map<String, String> environment(ServerProcess server) {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_ENDPOINT_URL", server.endpoint());
        env.put("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        return env;
    }

    public static Command.Result run(Path dir, ServerProcess server, String... args) throws Exception {
        return run(dir, environment(server), args);
    }

    public static Command.Result run(Path dir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.castellan.server.Main"));
        cmd.addAll(List.of(args));
        return Command.run(dir, env, cmd);
    }
}
