package dev.castellan.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program (openssl, the AWS CLI, certtool) and captures what it printed. */
public final class Command {
    public record Result(int exitCode, String stdout, String stderr) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError("command failed with " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
            }
            return this;
        }
    }

    private Command() {}

    public static Result run(Path dir, Map<String, String> env, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = dir.resolve(".out-" + System.nanoTime());
        Path err = dir.resolve(".err-" + System.nanoTime());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("command timed out: " + command);
        }
        Result r = new Result(p.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.deleteIfExists(out);
        java.nio.file.Files.deleteIfExists(err);
        return r;
    }

    public static Result run(Path dir, String... command) throws IOException, InterruptedException {
        return run(dir, Map.of(), List.of(command));
    }

    /** The AWS CLI v1 of the machine's python3, configured only through the environment, as a user would. */
    public static Result aws(Path dir, ServerProcess server, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "awscli"));
        cmd.addAll(List.of(args));
        return run(dir, Map.of(
                "AWS_ENDPOINT_URL", server.endpoint(),
                "AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString(),
                "AWS_CONFIG_FILE", "/dev/null",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_MAX_ATTEMPTS", "1"), cmd);
    }
}
