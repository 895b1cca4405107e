package dev.castellan.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.castellan.server.CastellanServer;
import dev.castellan.server.ServerConfig;
import dev.castellan.server.client.ClientSettings;
import dev.castellan.server.client.KmsJsonClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * KMS {@code Sign} calls per second over HTTP with Signature V4 (the stock AWS SDK against an in-process server on
 * SQLite), beside the raw in-JVM sign rate of the same JDK providers measured in the same run on every core.
 *
 * <p>Each call signs what {@code castellan codesign sign} sends: for ECDSA P-256 the 32-byte SHA-256 of the CMS
 * signed attributes ({@code MessageType=DIGEST}), for ML-DSA-65 the signed attributes themselves ({@code RAW},
 * 160 bytes here). The raw rate signs the same input the same way ({@code NONEwithECDSA} over the digest, pure
 * ML-DSA over the message), so the ratio is what HTTP, Signature V4, JSON, the key lookup and the audit record cost.
 *
 * <p>Two clients: {@code sdk}, the stock AWS SDK for Java v2 {@code KmsClient}, and {@code castellan}, the JSON
 * client over {@code java.net.http} with its own Signature V4 signer that {@code castellan codesign sign} uses. On a
 * 2-core machine the SDK client costs more CPU per call than an ECDSA signature, and it shares the cores with the
 * server; the lighter client shows what the server itself sustains.
 *
 * <p>Usage: {@code bench/run kms [--specs ECC_NIST_P256,ML_DSA_65] [--concurrency 1,8,32] [--seconds N]
 * [--clients sdk,castellan,lean] [--warmup N]}. {@code lean} is {@link LeanClient}: one keep-alive socket per thread and
 * Castellan's own Signature V4 signer, the least CPU a real signed HTTP call can cost.
 */
public final class KmsBench {
    record Options(List<String> specs, List<Integer> concurrency, int seconds, List<String> clients, int warmupSeconds) {}

    /** Not reported: after the baseline or another client ran, the JIT recompiles the server's paths for ~10 s. */
    static final int RUN_WARMUP_SECONDS = 10;

    /** One Sign call through some client. */
    interface Call {
        void sign() throws Exception;
    }

    /** Calls per second and latency; {@code cpuMicros} is this process's CPU time (client and server) per call. */
    record Result(double rate, double p50Ms, double p99Ms, double cpuMicros) {}

    /** Signs per second on every core, and CPU time per signature. */
    record Raw(double rate, double cpuMicros) {}

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        int maxConcurrency = o.concurrency().stream().mapToInt(Integer::intValue).max().orElse(1);
        // HttpURLConnection keeps only 5 idle connections per host by default: more threads would reconnect on
        // every call and measure TCP set-up instead of the server.
        System.setProperty("http.maxConnections", Integer.toString(Math.max(5, maxConcurrency)));
        System.out.printf("# kms sign benchmark %s, %d cores, %s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
        // The ratio of rates is the target; the ratio of CPU per call does not depend on what else the machine runs.
        System.out.println("| key spec | message | client | concurrency | signs/s | p50 ms | p99 ms | raw signs/s"
                + " | ratio | CPU µs/call | raw CPU µs/sign | CPU ratio |");
        System.out.println("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Path data = Files.createTempDirectory("castellan-bench-kms");
        try (CastellanServer server = CastellanServer.start(new ServerConfig("127.0.0.1", 0, data, null, "us-east-1",
                "000000000000", null, null, null)); KmsClient kms = client(server, data)) {
            for (String spec : o.specs()) {
                String keyId = kms.createKey(r -> r.keySpec(KeySpec.fromValue(spec)).keyUsage(KeyUsageType.SIGN_VERIFY)
                        .description("KmsBench " + spec)).keyMetadata().keyId();
                byte[] message = message(spec);
                // Steady state, as a server runs for days: the JIT compiles Jetty, the key service, the crypto and
                // the client for about half a minute under load; the baseline (the same crypto code in this JVM)
                // is measured after it too.
                load(o.clients().getFirst(), kms, server, data, keyId, spec, message).run(o.concurrency().getLast(),
                        o.warmupSeconds());
                Raw raw = rawRate(spec, message, o.seconds());
                for (String clientName : o.clients()) {
                    Load load = load(clientName, kms, server, data, keyId, spec, message);
                    for (int c : o.concurrency()) {
                        load.run(c, RUN_WARMUP_SECONDS);
                        Result r = load.run(c, o.seconds());
                        System.out.printf("| %s | %s | %s | %d | %.0f | %.1f | %.1f | %.0f | %.2f | %.0f | %.0f"
                                + " | %.2f |%n", spec, messageType(spec) + " " + message.length + " B", clientName, c,
                                r.rate(), r.p50Ms(), r.p99Ms(), raw.rate(), r.rate() / raw.rate(), r.cpuMicros(),
                                raw.cpuMicros(), raw.cpuMicros() / r.cpuMicros());
                    }
                }
            }
        }
        System.exit(0);
    }

    /** A way to put the server under load at some concurrency for some seconds. */
    interface Load {
        Result run(int concurrency, int seconds) throws Exception;
    }

    static Load load(String client, KmsClient kms, CastellanServer server, Path data, String keyId, String spec,
            byte[] message) throws Exception {
        if (client.equals("loop")) {
            Properties p = IssuanceBench.credentials(data);
            EventLoopLoad loop = new EventLoopLoad(server.endpointUrl(), p.getProperty("aws_access_key_id"),
                    p.getProperty("aws_secret_access_key"));
            String json = "{\"KeyId\":\"" + keyId + "\",\"Message\":\"" + java.util.Base64.getEncoder().encodeToString(message)
                    + "\",\"MessageType\":\"" + messageType(spec) + "\",\"SigningAlgorithm\":\"" + algorithm(spec) + "\"}";
            return (c, s) -> runLoop(loop, json, c, s);
        }
        Call call = call(client, kms, server, data, keyId, spec, message);
        return (c, s) -> run(call, c, s);
    }

    /** KMS Sign calls on every connection of one event loop, each request signed afresh. */
    static Result runLoop(EventLoopLoad loop, String json, int concurrency, int seconds) throws Exception {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long[] all = loop.run(concurrency, seconds, () -> new EventLoopLoad.Operation() {
            @Override
            public EventLoopLoad.Request first() {
                return new EventLoopLoad.Request("TrentService.Sign", json);
            }

            @Override
            public EventLoopLoad.Request next(String answer) {
                if (!answer.contains("\"Signature\"")) {
                    throw new IllegalStateException("Sign answered " + answer);
                }
                return null;
            }
        });
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (OS.getProcessCpuTime() - cpu) / 1e3;
        Arrays.sort(all);
        return new Result(all.length / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
                cpuMicros / all.length);
    }

    static Call call(String client, KmsClient kms, CastellanServer server, Path data, String keyId, String spec,
            byte[] message) throws Exception {
        return switch (client) {
            case "sdk" -> sdkCall(kms, keyId, spec, message);
            case "castellan" -> castellanCall(castellanClient(server, data), keyId, spec, message);
            case "lean" -> leanCall(server, data, keyId, spec, message);
            default -> throw new IllegalArgumentException("unknown client " + client + " (sdk, castellan, lean, loop)");
        };
    }

    static Call leanCall(CastellanServer server, Path data, String keyId, String spec, byte[] message) throws Exception {
        Properties p = IssuanceBench.credentials(data);
        LeanClient lean = new LeanClient(server.endpointUrl(), p.getProperty("aws_access_key_id"),
                p.getProperty("aws_secret_access_key"));
        String algorithm = algorithm(spec).toString();
        String type = messageType(spec).toString();
        return () -> lean.kmsSign(keyId, message, type, algorithm);
    }

    static Call sdkCall(KmsClient kms, String keyId, String spec, byte[] message) {
        SdkBytes body = SdkBytes.fromByteArray(message);
        SigningAlgorithmSpec algorithm = algorithm(spec);
        MessageType type = messageType(spec);
        return () -> kms.sign(r -> r.keyId(keyId).message(body).messageType(type).signingAlgorithm(algorithm));
    }

    static Call castellanCall(KmsJsonClient kms, String keyId, String spec, byte[] message) {
        String algorithm = algorithm(spec).toString();
        String type = messageType(spec).toString();
        return () -> kms.sign(keyId, message, type, algorithm);
    }

    static Result run(Call call, int concurrency, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    call.sign();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        double cpuMicros = (OS.getProcessCpuTime() - cpu) / 1e3;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length / elapsed, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6,
                cpuMicros / all.length);
    }

    /** Signs the same input as the server, with the same JDK provider, on every core of this machine. */
    static Raw rawRate(String spec, byte[] message, int seconds) throws Exception {
        KeyPair key = keyPair(spec);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long warmUp = System.nanoTime() + Duration.ofSeconds(Math.max(2, seconds / 5)).toNanos();
        long deadline = warmUp + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                Signature s = Signature.getInstance(spec.startsWith("ML_DSA") ? "ML-DSA" : "NONEwithECDSA");
                long now;
                while ((now = System.nanoTime()) < deadline) {
                    s.initSign(key.getPrivate());
                    s.update(message);
                    s.sign();
                    if (now >= warmUp) {
                        done.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Thread.sleep(Math.max(0, (warmUp - System.nanoTime()) / 1_000_000));
        long cpuAtWarmUp = OS.getProcessCpuTime();
        for (Future<?> f : fs) {
            f.get();
        }
        long cpu = OS.getProcessCpuTime() - cpuAtWarmUp;
        pool.shutdown();
        return new Raw(done.get() / (double) seconds, cpu / 1e3 / done.get());
    }

    static KeyPair keyPair(String spec) throws Exception {
        if (spec.startsWith("ML_DSA")) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
            g.initialize(new NamedParameterSpec(spec.replace("ML_DSA_", "ML-DSA-")));
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    /** A stand-in for DER signed attributes (content type, SHA-512 message digest, signing time): 160 bytes. */
    static byte[] message(String spec) throws Exception {
        byte[] attributes = new byte[160];
        Arrays.fill(attributes, (byte) 0x31);
        return spec.startsWith("ML_DSA") ? attributes : MessageDigest.getInstance("SHA-256").digest(attributes);
    }

    static MessageType messageType(String spec) {
        return spec.startsWith("ML_DSA") ? MessageType.RAW : MessageType.DIGEST;
    }

    static SigningAlgorithmSpec algorithm(String spec) {
        return spec.startsWith("ML_DSA") ? SigningAlgorithmSpec.ML_DSA_SHAKE_256 : SigningAlgorithmSpec.ECDSA_SHA_256;
    }

    static KmsJsonClient castellanClient(CastellanServer server, Path data) throws Exception {
        Properties p = IssuanceBench.credentials(data);
        return new KmsJsonClient(new ClientSettings(URI.create(server.endpointUrl()), "us-east-1",
                p.getProperty("aws_access_key_id"), p.getProperty("aws_secret_access_key"), null, null, "the bench"),
                InstantSource.system());
    }

    static KmsClient client(CastellanServer server, Path data) throws Exception {
        Properties p = IssuanceBench.credentials(data);
        return KmsClient.builder().endpointOverride(URI.create(server.endpointUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        p.getProperty("aws_access_key_id"), p.getProperty("aws_secret_access_key"))))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static Options parse(String[] args) {
        List<String> specs = List.of("ECC_NIST_P256", "ML_DSA_65");
        List<Integer> concurrency = List.of(1, 8, 32);
        List<String> clients = List.of("sdk", "lean");
        int seconds = 10;
        int warmup = 30;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--specs" -> specs = Arrays.asList(args[i + 1].split(","));
                case "--concurrency" -> concurrency = Arrays.stream(args[i + 1].split(","))
                        .map(Integer::valueOf).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--clients" -> clients = Arrays.asList(args[i + 1].split(","));
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(specs, concurrency, seconds, clients, warmup);
    }
}
