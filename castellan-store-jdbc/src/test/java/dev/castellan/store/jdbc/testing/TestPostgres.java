package dev.castellan.store.jdbc.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for tests, shared by every test in the JVM: started on first use with
 * {@code initdb} and {@code pg_ctl} on a free port of 127.0.0.1, with fsync off, and stopped and deleted by a
 * shutdown hook. Each caller gets its own empty database from {@link #freshDatabaseUrl()}.
 *
 * <p>The server binaries come from {@code pg_config --bindir} or the newest {@code /usr/lib/postgresql/N/bin}.
 * Without them the tests fail, naming the Debian package to install; they never skip. PostgreSQL refuses to run
 * as root, so under root the commands run as the {@code postgres} user through {@code runuser}, on a folder
 * under {@code /tmp} that user owns.
 */
public final class TestPostgres {
    private static final String USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path base;
    private final Path data;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;

    private TestPostgres(Path base, Path bin, boolean asPostgresUser, int port) {
        this.base = base;
        this.data = base.resolve("data");
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        this.port = port;
    }

    /** Creates a new empty database in the shared cluster and returns its JDBC URL (user {@link #user()}). */
    public static String freshDatabaseUrl() {
        TestPostgres cluster = cluster();
        String name = "t_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"), USER, null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test database in " + cluster.base, e);
        }
        return cluster.url(name);
    }

    /** The superuser of the cluster; it needs no password. */
    public static String user() {
        return USER;
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static TestPostgres shared;
    private static RuntimeException startFailure;

    /** The cluster of this JVM, started on first use; a failed start fails every later call the same way. */
    private static synchronized TestPostgres cluster() {
        if (shared == null && startFailure == null) {
            try {
                shared = start();
            } catch (RuntimeException e) {
                startFailure = e;
            }
        }
        if (startFailure != null) {
            throw new IllegalStateException("The test PostgreSQL cluster could not start: " + startFailure.getMessage(),
                    startFailure);
        }
        return shared;
    }

    private static TestPostgres start() {
        Path bin = binaries();
        boolean root = isRoot();
        Path base = createBase(root);
        try {
            return startIn(base, bin, root);
        } catch (RuntimeException e) {
            deleteTree(base);
            throw e;
        }
    }

    private static TestPostgres startIn(Path base, Path bin, boolean root) {
        TestPostgres initial = new TestPostgres(base, bin, root, 0);
        initial.run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", USER, "-E", "UTF8",
                "--no-locale", "--no-sync", "-D", initial.data.toString()), "initdb");
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            TestPostgres cluster = new TestPostgres(base, bin, root, freePort());
            try {
                cluster.run(List.of(bin.resolve("pg_ctl").toString(), "-D", cluster.data.toString(),
                        "-l", base.resolve("postgres.log").toString(), "-w", "-t", "60",
                        "-o", "-p " + cluster.port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                        "start"), "pg_ctl start");
            } catch (IllegalStateException e) {
                failure = e;  // most likely the port was taken meanwhile: try another
                continue;
            }
            // One hook both stops and deletes: hooks run concurrently, so two would race.
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-postgres-stop"));
            return cluster;
        }
        throw failure;
    }

    private void stop() {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"),
                    "pg_ctl stop");
        } finally {
            deleteTree(base);
        }
    }

    private static Path binaries() {
        List<Path> candidates = new ArrayList<>();
        pgConfigBindir().ifPresent(candidates::add);
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(p.getFileName().toString()))
                                .reversed())
                        .map(p -> p.resolve("bin"))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("The PostgreSQL tests need the server binaries initdb and"
                        + " pg_ctl, found neither through 'pg_config --bindir' nor under /usr/lib/postgresql/*/bin."
                        + " Install the Debian package 'postgresql' (apt-get install postgresql)."));
    }

    /** {@code pg_config} may come from libpq-dev alone, whose bindir has no server: callers check for initdb. */
    private static Optional<Path> pgConfigBindir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(Path.of(out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out.equals("0");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run 'id -u'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A folder under /tmp (mode 0755, so the postgres user can reach it), owned by postgres under root. */
    private static Path createBase(boolean root) {
        try {
            Path base = Files.createTempDirectory(Path.of("/tmp"), "castellan-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (root) {
                UserPrincipal postgres =
                        base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
                Files.setOwner(base, postgres);
            }
            return base;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the PostgreSQL test folder under /tmp", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a PostgreSQL command (as postgres under root); fails with its output if it does not succeed. */
    private void run(List<String> command, String what) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        Path output = base.resolve(what.replace(' ', '-') + ".out");
        try {
            Process p = new ProcessBuilder(full).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + p.exitValue() + ": "
                        + String.join(" ", full) + "\n" + tail(output) + tail(base.resolve("postgres.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + what, e);
        }
    }

    private static String tail(Path file) {
        try {
            String text = Files.readString(file);
            return text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at JVM exit; a leftover folder under /tmp is harmless.
        }
    }
}
