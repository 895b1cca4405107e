package dev.castellan.bench;

import dev.castellan.server.CastellanServer;
import dev.castellan.server.ServerConfig;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * Issuance throughput over HTTP with Signature V4 (IssueCertificate then GetCertificate, through the stock AWS
 * SDK), beside the raw in-JVM rate of "verify one CSR + sign one certificate" measured in the same run.
 *
 * <p>Usage: {@code bench/run issuance [--algorithms A,B] [--databases sqlite,postgresql] [--concurrency 1,8,32]
 * [--seconds N] [--client sdk,lean,loop] [--warmup N]}. Three load generators, all real HTTP with a Signature V4 per
 * request: {@code sdk} is the stock AWS SDK client (a thread per concurrent caller); {@code lean} is {@link LeanClient}
 * (a thread and a blocking socket per caller, Castellan's own signer); {@code loop} is {@link EventLoopLoad} (one
 * thread drives every connection, as wrk and h2load do), which leaves the most of the 2 cores to the server. Every run
 * is bounded by time and stops by itself; the server binds 127.0.0.1 only.
 */
public final class IssuanceBench {
    record Options(List<String> algorithms, List<String> databases, List<Integer> concurrency, int seconds, String client,
            int warmupSeconds) {}

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        System.out.printf("# issuance benchmark %s, %d cores, %s%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.version"));
        System.out.println("| database | CA key | client | concurrency | certs/s | p50 ms | p99 ms | cores busy | CPU ms/cert"
                + " | raw verify+sign/s | ratio |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String db : o.databases()) {
            Path data = Files.createTempDirectory("castellan-bench");
            String url = db.equals("postgresql") ? TestPostgres.freshDatabaseUrl() + "?user=postgres" : null;
            try (CastellanServer server = CastellanServer.start(new ServerConfig("127.0.0.1", 0, data, url, "us-east-1",
                    "000000000000", null, null, null))) {
                Properties creds = credentials(data);
                LeanClient lean = new LeanClient(server.endpointUrl(), creds.getProperty("aws_access_key_id"),
                        creds.getProperty("aws_secret_access_key"));
                EventLoopLoad loop = new EventLoopLoad(server.endpointUrl(), creds.getProperty("aws_access_key_id"),
                        creds.getProperty("aws_secret_access_key"));
                try (AcmPcaClient pca = client(server, data)) {
                    for (String alg : o.algorithms()) {
                        String caArn = Setup.activeRoot(pca, alg);
                        List<byte[]> csrs = csrs(alg, 64);
                        // Steady state, as a server runs for days: the JIT compiles Jetty, the store, the crypto and
                        // the client for about half a minute under this load. Both the server and the raw baseline
                        // (the same crypto code in this JVM) are measured after it.
                        String firstClient = o.client().split(",")[0];
                        load(firstClient, lean, loop, pca, alg, caArn, csrs).run(o.concurrency().getLast(), o.warmupSeconds());
                        double raw = rawRate(alg, o.seconds());
                        for (String clientKind : o.client().split(",")) {
                            Load load = load(clientKind, lean, loop, pca, alg, caArn, csrs);
                            for (int c : o.concurrency()) {
                                // Not reported: after the baseline or another client ran, the JIT recompiles the server's paths for ~10 s.
                                load.run(c, RUN_WARMUP_SECONDS);
                                Result r = load.run(c, o.seconds());
                                System.out.printf("| %s | %s | %s | %d | %.0f | %.1f | %.1f | %.2f | %.3f | %.0f | %.2f |%n", db,
                                        alg, clientKind, c, r.rate(), r.p50Ms(), r.p99Ms(), r.cores(),
                                        r.cores() * 1000 / r.rate(), raw, r.rate() / raw);
                            }
                        }
                    }
                }
            }
        }
        System.exit(0);
    }

    /** Rate and latency; {@code cores} is this process's CPU time (server, client, JIT, GC) per second of the run. */
    record Result(double rate, double p50Ms, double p99Ms, double cores) {}

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    static final int RUN_WARMUP_SECONDS = 10;

    /** One IssueCertificate followed by one GetCertificate, through some client. */
    interface Issuer {
        void issueAndGet(String caArn, byte[] csr) throws Exception;
    }

    /** A way to put the server under load at some concurrency for some seconds. */
    interface Load {
        Result run(int concurrency, int seconds) throws Exception;
    }

    static Load load(String kind, LeanClient lean, EventLoopLoad loop, AcmPcaClient pca, String alg, String caArn,
            List<byte[]> csrs) {
        return switch (kind) {
            case "lean" -> (c, s) -> run(leanIssuer(lean, alg), caArn, csrs, c, s);
            case "sdk" -> (c, s) -> run(sdkIssuer(pca, alg), caArn, csrs, c, s);
            case "loop" -> (c, s) -> runLoop(loop, caArn, csrs, Setup.signing(alg).toString(), c, s);
            default -> throw new IllegalArgumentException("unknown client " + kind + " (sdk, lean, loop)");
        };
    }

    /** IssueCertificate then GetCertificate of the ARN it returned, on every connection of one event loop. */
    static Result runLoop(EventLoopLoad loop, String caArn, List<byte[]> csrs, String signing, int concurrency,
            int seconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        java.util.regex.Pattern arnPattern = java.util.regex.Pattern.compile("\"CertificateArn\":\"([^\"]+)\"");
        long start = System.nanoTime();
        long cpuStart = OS.getProcessCpuTime();
        long[] all = loop.run(concurrency, seconds, () -> new EventLoopLoad.Operation() {
            boolean issued;

            @Override
            public EventLoopLoad.Request first() {
                byte[] csr = csrs.get(Math.floorMod(next.getAndIncrement(), csrs.size()));
                return new EventLoopLoad.Request("ACMPrivateCA.IssueCertificate", "{\"CertificateAuthorityArn\":\""
                        + caArn + "\",\"Csr\":\"" + java.util.Base64.getEncoder().encodeToString(csr)
                        + "\",\"SigningAlgorithm\":\"" + signing + "\",\"Validity\":{\"Value\":30,\"Type\":\"DAYS\"}}");
            }

            @Override
            public EventLoopLoad.Request next(String answer) {
                if (issued) {
                    if (!answer.contains("BEGIN CERTIFICATE")) {
                        throw new IllegalStateException("GetCertificate answered " + answer);
                    }
                    return null;
                }
                issued = true;
                java.util.regex.Matcher m = arnPattern.matcher(answer);
                if (!m.find()) {
                    throw new IllegalStateException("IssueCertificate answered " + answer);
                }
                return new EventLoopLoad.Request("ACMPrivateCA.GetCertificate", "{\"CertificateAuthorityArn\":\""
                        + caArn + "\",\"CertificateArn\":\"" + m.group(1) + "\"}");
            }
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cores = (OS.getProcessCpuTime() - cpuStart) / 1e9 / elapsed;
        Arrays.sort(all);
        return new Result(all.length / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, cores);
    }

    static Issuer sdkIssuer(AcmPcaClient pca, String alg) {
        return (caArn, csr) -> {
            String arn = pca.issueCertificate(r -> r.certificateAuthorityArn(caArn).csr(SdkBytes.fromByteArray(csr))
                    .signingAlgorithm(Setup.signing(alg)).templateArn("arn:aws:acm-pca:::template/EndEntityCertificate/V1")
                    .validity(v -> v.type(ValidityPeriodType.DAYS).value(30L))).certificateArn();
            pca.getCertificate(r -> r.certificateAuthorityArn(caArn).certificateArn(arn));
        };
    }

    static Issuer leanIssuer(LeanClient lean, String alg) {
        String signing = Setup.signing(alg).toString();
        return (caArn, csr) -> lean.get(caArn, lean.issue(caArn, csr, signing));
    }

    static Result run(Issuer issuer, String caArn, List<byte[]> csrs, int concurrency, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicInteger next = new AtomicInteger();
        List<Future<List<Long>>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long cpuStart = OS.getProcessCpuTime();
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                List<Long> lat = new ArrayList<>();
                while (System.nanoTime() < deadline) {
                    byte[] csr = csrs.get(Math.floorMod(next.getAndIncrement(), csrs.size()));
                    long t0 = System.nanoTime();
                    issuer.issueAndGet(caArn, csr);
                    lat.add(System.nanoTime() - t0);
                }
                return lat;
            }));
        }
        long[] all = futures.stream().flatMap(f -> {
            try {
                return f.get().stream();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).mapToLong(Long::longValue).sorted().toArray();
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cores = (OS.getProcessCpuTime() - cpuStart) / 1e9 / elapsed;
        pool.shutdown();
        return new Result(all.length / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6, cores);
    }

    /** Verify a CSR and sign a certificate in this JVM, on every core, with the providers the server uses. */
    static double rawRate(String alg, int seconds) throws Exception {
        KeyPair ca = keyPair(alg);
        List<byte[]> csrs = csrs(alg, 16);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                int i = 0;
                while (System.nanoTime() < deadline) {
                    // The server's own CSR check (parse + signature with the provider it picks per algorithm), so the
                    // baseline is the cryptographic floor of one issuance, not a slower or faster stand-in.
                    PKCS10CertificationRequest csr = dev.castellan.core.csr.CsrParser.parse(csrs.get(i++ % csrs.size()));
                    X509v3CertificateBuilder b = new X509v3CertificateBuilder(new X500Name("CN=Raw CA"),
                            new BigInteger(128, new SecureRandom()).setBit(127), new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                            csr.getSubject(), csr.getSubjectPublicKeyInfo());
                    b.build(jdkSigner(alg, ca));
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    static ContentSigner jdkSigner(String alg, KeyPair key) {
        String name = Setup.jcaSignature(alg);
        return new ContentSigner() {
            final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

            @Override
            public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
                return new DefaultSignatureAlgorithmIdentifierFinder().find(name);
            }

            @Override
            public java.io.OutputStream getOutputStream() {
                return buf;
            }

            @Override
            public byte[] getSignature() {
                try {
                    Signature s = Signature.getInstance(name);
                    s.initSign(key.getPrivate());
                    s.update(buf.toByteArray());
                    return s.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static KeyPair keyPair(String alg) throws Exception {
        return switch (alg) {
            case "RSA_2048" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                yield g.generateKeyPair();
            }
            case "EC_prime256v1" -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                yield g.generateKeyPair();
            }
            default -> {
                KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
                g.initialize(new NamedParameterSpec(alg.replace("ML_DSA_", "ML-DSA-")));
                yield g.generateKeyPair();
            }
        };
    }

    /** PEM CSRs whose key has the CA's algorithm, so the server verifies the same kind of signature it makes. */
    static List<byte[]> csrs(String alg, int n) throws Exception {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeyPair k = keyPair(alg);
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=leaf-" + i + ".bench.example"), k.getPublic()).build(jdkSigner(alg, k));
            java.io.StringWriter w = new java.io.StringWriter();
            try (PemWriter pw = new PemWriter(w)) {
                pw.writeObject(new PemObject("CERTIFICATE REQUEST", csr.getEncoded()));
            }
            out.add(w.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        return out;
    }

    static byte[] pemBody(byte[] pem) throws Exception {
        try (var r = new org.bouncycastle.util.io.pem.PemReader(new java.io.StringReader(new String(pem)))) {
            return r.readPemObject().getContent();
        }
    }

    static Properties credentials(Path data) throws Exception {
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(data.resolve("credentials"))) {
            p.load(r);
        }
        return p;
    }

    static AcmPcaClient client(CastellanServer server, Path data) throws Exception {
        Properties p = credentials(data);
        return AcmPcaClient.builder().endpointOverride(URI.create(server.endpointUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        p.getProperty("aws_access_key_id"), p.getProperty("aws_secret_access_key"))))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Options parse(String[] args) {
        List<String> algs = List.of("EC_prime256v1", "RSA_2048", "ML_DSA_65");
        List<String> dbs = List.of("sqlite", "postgresql");
        List<Integer> conc = List.of(1, 8, 32);
        int seconds = 10;
        String client = "sdk,lean";
        int warmup = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--algorithms" -> algs = Arrays.asList(args[i + 1].split(","));
                case "--databases" -> dbs = Arrays.asList(args[i + 1].split(","));
                case "--concurrency" -> conc = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--client" -> client = args[i + 1];
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(algs, dbs, conc, seconds, client, warmup);
    }
}
