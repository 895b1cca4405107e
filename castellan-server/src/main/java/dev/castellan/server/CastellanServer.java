package dev.castellan.server;

import dev.castellan.api.aws.AwsJsonEndpoint;
import dev.castellan.authority.Authority;
import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.crl.CrlPublisher;
import dev.castellan.authority.credentials.Credentials;
import dev.castellan.keys.software.MasterKey;
import dev.castellan.authority.ocsp.OcspResponder;
import dev.castellan.authority.ocsp.OcspSettings;
import dev.castellan.pkix.http.OcspHttp;
import dev.castellan.pkix.http.PkixDistribution;
import dev.castellan.keys.software.SoftwareKeyProvider;
import dev.castellan.store.jdbc.JdbcStore;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: opens the store and the master key, wires the authority and its edges, and serves them
 * over HTTP. Nothing else in Castellan knows all the modules.
 */
public final class CastellanServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CastellanServer.class);

    private final ServerConfig config;
    private final JdbcStore store;
    private final Javalin app;
    private final String endpointUrl;
    private final BackgroundTask crlPublisher;
    private final BackgroundTask ocspMaintenance;
    private final BackgroundTask kmsKeyPurge;

    private CastellanServer(ServerConfig config, JdbcStore store, Javalin app, String endpointUrl,
            BackgroundTask crlPublisher, BackgroundTask ocspMaintenance, BackgroundTask kmsKeyPurge) {
        this.config = config;
        this.store = store;
        this.app = app;
        this.endpointUrl = endpointUrl;
        this.crlPublisher = crlPublisher;
        this.ocspMaintenance = ocspMaintenance;
        this.kmsKeyPurge = kmsKeyPurge;
    }

    /**
     * How long the CRL publisher lease lasts without renewal: a server that dies is replaced by another within it,
     * which keeps the one-minute publication target with a 5 s interval.
     */
    static final java.time.Duration CRL_LEASE = java.time.Duration.ofSeconds(30);

    /** This process among the servers sharing a database, as the holder of the publisher lease. */
    private static String nodeId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID();
    }

    public static CastellanServer start(ServerConfig config) throws IOException {
        config.validate();
        createPrivateDirectory(config.dataDir());
        SecureRandom random = new SecureRandom();
        InstantSource clock = InstantSource.system();
        MasterKey masterKey = config.masterKeyFile() != null
                ? MasterKey.load(config.masterKeyFile(), random)
                : MasterKey.loadOrCreate(config.effectiveMasterKeyFile(), random);
        log.info("starting Castellan: {}", config);
        JdbcStore store = JdbcStore.open(config.effectiveDatabaseUrl(), null, null);
        try {
            SoftwareKeyProvider keys = new SoftwareKeyProvider(store, masterKey, random);
            int port = PkixRoutes.port(config);
            AuthoritySettings settings = new AuthoritySettings("aws", config.region(), config.account(),
                    PkixRoutes.publicUrl(config, port), config.crlPartitionMaxBytes());
            Authority authority = new Authority(settings,
                    store, keys, clock, random);
            // The OCSP responder (issue 4, item 7): told of revocations made here at once, of others' by polling.
            OcspResponder ocsp = new OcspResponder(settings, OcspSettings.DEFAULTS, store, keys, clock, random);
            authority.addRevocationListener(ocsp::revoked);
            Credentials credentials = new Credentials(store, masterKey, clock, random);
            CredentialsFile.ensure(config.dataDir().resolve("credentials"), credentials);
            dev.castellan.authority.kms.KeyService keyService = new dev.castellan.authority.kms.KeyService(
                    new AuthoritySettings("aws", config.region(), config.account()), store.kmsKeys(), keys, clock);
            AwsJsonEndpoint aws = new AwsJsonEndpoint(credentials, clock, List.of(AwsJsonEndpoint.privateCa(authority),
                    dev.castellan.api.aws.kms.KmsOperations.service(keyService)));

            Javalin app = Javalin.create(c -> {
                c.startup.showJavalinBanner = false;
                // Virtual threads: a request waits for the store's writer thread (which alone makes the JNI calls that
                // wait for the disk) without holding a platform thread, so only about one thread per core is ready to
                // run. With a platform thread per request, a dozen were: the scheduler then left one of the two cores
                // idle during each short fsync wait (too short to be worth pulling a thread across), 10-25 % of the
                // time in some periods (docs/benchmarks.md, 2026-11-29 session 6). Reads still run SQLite's JNI on
                // the request's carrier; they are short and most are answered from caches.
                c.concurrency.useVirtualThreads = true;
                // Jetty learns repeated header values per connection; every AWS request signs a new date, so the
                // cache only churned (2% of an issuance's CPU in a profile).
                c.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheSize(0));
                c.http.maxRequestSize = AwsJsonEndpoint.MAX_BODY_BYTES + 1;
                c.jetty.host = config.host();
                c.jetty.port = port;
                if (config.tlsEnabled()) {
                    Tls.configure(c, config);
                }
                c.routes.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
                AwsHandler.mount(c, aws);
                // OCSP first: routes are tried in order, and its GETs are the hottest path of the server.
                OcspRoutes.mount(c, new OcspHttp(ocsp, clock));
                PkixRoutes.mount(c, new PkixDistribution(authority));
            });
            app.start();
            String scheme = config.tlsEnabled() ? "https" : "http";
            String hostForUrl = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
            String url = scheme + "://" + hostForUrl + ":" + app.port();
            log.info("Castellan is serving {} (data in {}; certificates point at {})", url,
                    config.dataDir().toAbsolutePath(), settings.publicBaseUrl());
            CrlPublisher publisher = new CrlPublisher(store, keys, clock, settings,
                    new FileBuckets(config.dataDir().resolve("buckets")), nodeId(), CRL_LEASE);
            return new CastellanServer(config, store, app, url,
                    CrlPublicationScheduler.start(publisher, clock, config.crlPublishInterval()), OcspRoutes.maintain(ocsp),
                    KmsKeyPurge.start(keyService));
        } catch (RuntimeException | IOException e) {
            store.close();
            throw e;
        }
    }


    static void createPrivateDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /**
     * Announces the URL in {@code <data-dir>/endpoint}, for {@code castellan env} and for whoever waits for the
     * server to be up. Called once the server is fully running and its shutdown is arranged.
     */
    public void announce() throws IOException {
        Path tmp = config.dataDir().resolve("endpoint.tmp");
        Files.writeString(tmp, endpointUrl + "\n");
        Files.move(tmp, config.dataDir().resolve("endpoint"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    public int port() {
        return app.port();
    }

    public ServerConfig config() {
        return config;
    }

    @Override
    public void close() {
        try {
            crlPublisher.close();
            ocspMaintenance.close();
            kmsKeyPurge.close();
            app.stop();
        } finally {
            store.close();
            log.info("Castellan stopped");
        }
    }

    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
