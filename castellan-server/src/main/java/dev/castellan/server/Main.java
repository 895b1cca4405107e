package dev.castellan.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code castellan} command line. */
@Command(name = "castellan", mixinStandardHelpOptions = true, version = "castellan 0.1.0",
        description = "A self-hosted private certificate authority, wire-compatible with AWS Private CA.",
        subcommands = {Main.Serve.class, Main.Env.class, NameConstraintsCommand.class,
                dev.castellan.server.codesign.CsrCommand.class, dev.castellan.server.codesign.CodesignCommand.class})
public final class Main implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
            System.exit(code);
        }
    }

    static class Common {
        @Option(names = "--data-dir", defaultValue = "castellan-data", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the CA server.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "Address to bind (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "7700", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--database-url", description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/castellan?user=...; default: SQLite in the data directory.")
        String databaseUrl;

        @Option(names = "--region", defaultValue = "us-east-1", description = "Region in ARNs (default: ${DEFAULT-VALUE}).")
        String region;

        @Option(names = "--account", defaultValue = "000000000000", description = "Account id in ARNs (default: ${DEFAULT-VALUE}).")
        String account;

        @Option(names = "--tls-cert", description = "PEM certificate chain for HTTPS.")
        Path tlsCert;

        @Option(names = "--tls-key", description = "PEM private key for HTTPS.")
        Path tlsKey;

        @Option(names = "--public-url", description = "Base URL relying parties reach this server at, written into"
                + " CRL distribution points and AIA of issued certificates (default: this server's endpoint).")
        String publicUrl;

        @Option(names = "--crl-publish-interval", defaultValue = "5", description = "Seconds between CRL publisher"
                + " runs; a revocation is in the published CRL about one interval later (default: ${DEFAULT-VALUE}, 1-60).")
        int crlPublishIntervalSeconds;

        @Option(names = "--crl-partition-max-bytes", defaultValue = "1000000", description = "Byte limit of one"
                + " partition CRL; partitions close early enough to stay within it (default: ${DEFAULT-VALUE}).")
        long crlPartitionMaxBytes;

        @Override
        public Integer call() throws Exception {
            String masterKeyEnv = System.getenv("CASTELLAN_MASTER_KEY_FILE");
            ServerConfig config = new ServerConfig(host, port, common.dataDir, databaseUrl, region, account,
                    masterKeyEnv == null || masterKeyEnv.isBlank() ? null : Path.of(masterKeyEnv), tlsCert, tlsKey,
                    publicUrl, java.time.Duration.ofSeconds(crlPublishIntervalSeconds), crlPartitionMaxBytes);
            try {
                config.validate();
            } catch (ServerConfig.InvalidConfigException e) {
                System.err.println("castellan: " + e.getMessage());
                return 2;
            }
            // The hook is registered before the server starts: a SIGTERM that arrives while it is starting (or
            // right after the endpoint file appears) still closes it cleanly.
            AtomicReference<CastellanServer> running = new AtomicReference<>();
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                CastellanServer s = running.getAndSet(null);
                if (s != null) {
                    s.close();
                }
                stopped.countDown();
            }, "castellan-shutdown"));
            CastellanServer server;
            try {
                server = CastellanServer.start(config);
            } catch (Exception e) {
                System.err.println("castellan: cannot start: " + causes(e));
                return 1;
            }
            running.set(server);
            server.announce();
            System.out.println("Castellan is serving " + server.endpointUrl() + "  (eval \"$(./castellan env)\" to use the AWS CLI)");
            stopped.await();
            return 0;
        }
    }

    /** The chain of causes in one line: what a person needs to fix the problem, without a stack trace. */
    static String causes(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) {
                b.append(": ").append(c.getMessage());
            }
        }
        return b.toString();
    }

    @Command(name = "env", mixinStandardHelpOptions = true,
            description = "Print export lines that point the AWS CLI and SDKs at this server: eval \"$(./castellan env)\".")
    static final class Env implements Callable<Integer> {
        @CommandLine.Mixin
        Common common;

        @Option(names = "--region", defaultValue = "us-east-1")
        String region;

        @Override
        public Integer call() throws Exception {
            Path endpointFile = common.dataDir.resolve("endpoint");
            Path credentials = common.dataDir.resolve("credentials").toAbsolutePath();
            String endpoint = Files.exists(endpointFile)
                    ? Files.readString(endpointFile).strip()
                    : "http://" + ServerConfig.DEFAULT_HOST + ":" + ServerConfig.DEFAULT_PORT;
            if (!Files.exists(credentials)) {
                System.err.println("castellan: no credentials in " + common.dataDir
                        + "; start the server once with ./castellan serve");
                return 1;
            }
            System.out.println("export AWS_ENDPOINT_URL=" + quote(endpoint));
            System.out.println("export AWS_SHARED_CREDENTIALS_FILE=" + quote(credentials.toString()));
            System.out.println("export AWS_REGION=" + quote(region));
            System.out.println("export AWS_DEFAULT_REGION=" + quote(region));
            return 0;
        }

        private static String quote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
