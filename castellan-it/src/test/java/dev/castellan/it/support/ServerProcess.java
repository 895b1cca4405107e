package dev.castellan.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Castellan server in its own JVM, started with the same classpath as the tests, so that a test can
 * stop it with SIGTERM, kill it with SIGKILL and start it again on the same data.
 */
public final class ServerProcess implements AutoCloseable {
    private final Path dataDir;
    private final String databaseUrl;
    private final List<String> extraArgs;
    private Process process;
    private String endpoint;

    private ServerProcess(Path dataDir, String databaseUrl, List<String> extraArgs) {
        this.dataDir = dataDir;
        this.databaseUrl = databaseUrl;
        this.extraArgs = extraArgs;
    }

    /** Starts a server on a free loopback port; {@code databaseUrl} null means embedded SQLite. */
    public static ServerProcess start(Path dataDir, String databaseUrl, String... extraArgs) throws IOException {
        ServerProcess s = new ServerProcess(dataDir, databaseUrl, List.of(extraArgs));
        s.launch();
        return s;
    }

    private void launch() throws IOException {
        Path endpointFile = dataDir.resolve("endpoint");
        Files.deleteIfExists(endpointFile);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.castellan.server.Main", "serve", "--port", "0", "--data-dir", dataDir.toString()));
        if (databaseUrl != null) {
            cmd.add("--database-url");
            cmd.add(databaseUrl);
        }
        cmd.addAll(extraArgs);
        Files.createDirectories(dataDir.getParent());
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(endpointFile)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + "; log: " + log());
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new IllegalStateException("server did not start within 60 s; log: " + log());
            }
            sleepBriefly();
        }
        endpoint = Files.readString(endpointFile).strip();
    }

    @SuppressWarnings("BusyWait")
    private static void sleepBriefly() {
        try {
            Thread.sleep(50); // polling a child process's start-up; no clock of ours is involved
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String log() {
        try {
            return Files.readString(dataDir.resolveSibling(dataDir.getFileName() + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    public String endpoint() {
        return endpoint;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path credentialsFile() {
        return dataDir.resolve("credentials");
    }

    public String accessKeyId() throws IOException {
        return credentials().getProperty("aws_access_key_id");
    }

    public String secretAccessKey() throws IOException {
        return credentials().getProperty("aws_secret_access_key");
    }

    private Properties credentials() throws IOException {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(credentialsFile())) {
            p.load(r);
        }
        return p;
    }

    /** SIGTERM and wait for a clean exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("server did not stop within 30 s after SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    public void startAgain() throws IOException {
        launch();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
