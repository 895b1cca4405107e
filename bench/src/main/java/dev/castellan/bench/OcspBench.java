package dev.castellan.bench;

import dev.castellan.server.CastellanServer;
import dev.castellan.server.ServerConfig;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * Benchmark (c) of issue 4 and the OCSP half of (b). (c): OCSP responses per second measured by {@code h2load} against a
 * real server — pre-signed answers (GETs cycling over {@code --certificates} issued certificates), cache misses (GETs
 * for a random never-issued serial each: store read and signature every time) and POSTs with a nonce (signed per
 * request)
 * — beside OpenSSL's own responder measured in the same run ({@link OpensslOcspBaseline}). (b): the time from
 * RevokeCertificate returning to OCSP answering revoked, on the server that revoked and on a second server sharing a
 * PostgreSQL database, p50/p99 over {@code --revocations}.
 *
 * <p>Usage: {@code bench/run ocsp [--certificates 1000] [--seconds 10] [--connections 32] [--revocations 100]}.
 * Every run is bounded in time; the servers bind 127.0.0.1 only.
 */
public final class OcspBench {
    record Options(int certificates, int seconds, int connections, int revocations) {}

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        System.out.printf("# OCSP benchmark %s, %d cores, %s; h2load --h1 -t1 -c%d, runs of about %d s%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), o.connections(), o.seconds());
        Path work = Files.createTempDirectory("castellan-ocsp-bench");
        Path data = work.resolve("server");
        try (CastellanServer server = CastellanServer.start(config(data, null, null));
                AcmPcaClient pca = IssuanceBench.client(server, data)) {
            Ca ca = Ca.create(pca);
            List<X509Certificate> certs = ca.issue(o.certificates());
            String path = "/ocsp/" + ca.id();
            String base = server.endpointUrl();
            List<String> gets = new ArrayList<>();
            for (X509Certificate c : certs) {
                gets.add(path + "/" + urlBase64(request(ca.certificate(), c.getSerialNumber(), -1)));
            }
            check(base + gets.getFirst(), base + path + "/" + urlBase64(request(ca.certificate(), BigInteger.TEN.pow(30), -1)));
            // Request counts sized for about --seconds each at the rates seen here; every run is killed at 5x that.
            int s = o.seconds();
            H2Load load = new H2Load(work, o.connections(), Duration.ofSeconds(5L * s + 30));
            List<String> hitUrls = gets.stream().map(g -> base + g).toList();
            load.get(hitUrls, 10_000 * s, "warm-up"); // signs every response once and warms the JIT
            H2Load.Result hits = load.get(hitUrls, 25_000 * s, "pre-signed");
            // Never-issued random serials, a fresh one in every request: each is a store read and a signature.
            byte[] serialPrefix = serialPrefix(ca.certificate());
            WrkMisses.run(work, base, path, serialPrefix, o.connections(), Math.max(2, s / 2));
            H2Load.Result misses = WrkMisses.run(work, base, path, serialPrefix, o.connections(), s);
            H2Load.Result nonces = load.post(base + path, request(ca.certificate(), certs.getFirst().getSerialNumber(), 16),
                    4_000 * s, "nonces");
            OpensslOcspBaseline openssl = OpensslOcspBaseline.prepare(work.resolve("openssl"), o.certificates());
            H2Load.Result openssl1 = openssl.measure(load, 10_000 * s, 1);
            H2Load.Result openssl2 = openssl.measure(load, 10_000 * s, 2);
            double best = Math.max(openssl1.rate(), openssl2.rate());
            System.out.println();
            System.out.println("| (c) responder | requests | responses/s | ratio to best openssl | failed |");
            System.out.println("|---|---|---:|---:|---:|");
            row("Castellan, pre-signed", "GET, " + o.certificates() + " certificates cycled", hits, best);
            row("Castellan, cache miss", "GET, a random never-issued serial each (read + sign; wrk)", misses, best);
            row("Castellan, nonce", "POST with a nonce (never cached: read + sign each)", nonces, best);
            row("openssl ocsp -index (1 process)", "GET, " + o.certificates() + " certificates cycled", openssl1, best);
            row("openssl ocsp -index -multi 2", "GET, " + o.certificates() + " certificates cycled", openssl2, best);

            System.out.println();
            System.out.println("| (b) revocation visible in OCSP | revocations | p50 ms | p99 ms | max ms |");
            System.out.println("|---|---:|---:|---:|---:|");
            latencyRow("same server (SQLite)", RevocationProbe.measure(pca, ca, base + path, base + path, o.revocations()));
        }
        otherServer(work, o);
        System.exit(0);
    }

    /** Fails unless the responder answers good for an issued certificate and unknown for a never-issued serial. */
    static void check(String issuedUrl, String unissuedUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String url : List.of(issuedUrl, unissuedUrl)) {
            OCSPResp resp = new OCSPResp(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body());
            Object status = resp.getStatus() == 0 ? ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus()
                    : "OCSP status " + resp.getStatus();
            boolean expected = url.equals(issuedUrl) ? status == null : status instanceof UnknownStatus;
            if (!expected) {
                throw new IllegalStateException("unexpected answer " + status + " for " + url);
            }
        }
    }

    /** (b) across servers: revoke through one, poll the other, both on one PostgreSQL database. */
    static void otherServer(Path work, Options o) throws Exception {
        String db = TestPostgres.freshDatabaseUrl() + "?user=postgres";
        Path a = work.resolve("node-a");
        Path b = work.resolve("node-b");
        try (CastellanServer first = CastellanServer.start(config(a, db, null));
                AcmPcaClient pca = IssuanceBench.client(first, a)) {
            Files.createDirectories(b, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(a.resolve("credentials"), b.resolve("credentials"), StandardCopyOption.COPY_ATTRIBUTES);
            try (CastellanServer second = CastellanServer.start(config(b, db, a.resolve("master.key")))) {
                Ca ca = Ca.create(pca);
                String path = "/ocsp/" + ca.id();
                latencyRow("other server (PostgreSQL, polls every 1 s)", RevocationProbe.measure(pca, ca,
                        first.endpointUrl() + path, second.endpointUrl() + path, o.revocations()));
            }
        }
    }

    static ServerConfig config(Path data, String db, Path masterKey) {
        return new ServerConfig("127.0.0.1", 0, data, db, "us-east-1", "000000000000", masterKey, null, null, null,
                Duration.ofSeconds(5), 1_000_000);
    }

    static void row(String name, String requests, H2Load.Result r, double baseline) {
        System.out.printf("| %s | %s | %,.0f | %.2f | %d |%n", name, requests, r.rate(), r.rate() / baseline, r.failed());
    }

    static void latencyRow(String name, List<Long> sortedNanos) {
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f |%n", name, sortedNanos.size(),
                RevocationLatencyBench.ms(sortedNanos, 0.50), RevocationLatencyBench.ms(sortedNanos, 0.99),
                sortedNanos.getLast() / 1e6);
    }

    /** A DER request for one SHA-1 CertID, with a nonce of {@code nonceOctets} octets (0x5a each) unless negative. */
    static byte[] request(X509Certificate issuer, BigInteger serial, int nonceOctets) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(id);
        if (nonceOctets >= 0) {
            byte[] nonce = new byte[nonceOctets];
            Arrays.fill(nonce, (byte) 0x5a);
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
        }
        return b.build().getEncoded();
    }

    /** A request for a 16-octet serial without its serial octets, which come last in the DER. */
    static byte[] serialPrefix(X509Certificate issuer) throws Exception {
        byte[] serial = new byte[16];
        Arrays.fill(serial, (byte) 0x4c);
        byte[] der = request(issuer, new BigInteger(1, serial), -1);
        if (!Arrays.equals(Arrays.copyOfRange(der, der.length - 16, der.length), serial)) {
            throw new IllegalStateException("the serial is not at the end of the request");
        }
        return Arrays.copyOf(der, der.length - 16);
    }

    static String urlBase64(byte[] der) {
        return URLEncoder.encode(Base64.getEncoder().encodeToString(der), StandardCharsets.US_ASCII);
    }

    /** A ROOT CA with OCSP enabled, made through the API as a user would, and its certificates. */
    record Ca(AcmPcaClient pca, String arn, X509Certificate certificate) {
        static Ca create(AcmPcaClient pca) throws Exception {
            String arn = Setup.activeRoot(pca, "EC_prime256v1");
            pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                    .revocationConfiguration(rc -> rc.ocspConfiguration(c -> c.enabled(true))));
            return new Ca(pca, arn, parse(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)).certificate()));
        }

        String id() {
            return arn.substring(arn.lastIndexOf('/') + 1);
        }

        /** Issues {@code n} end-entity certificates, eight requests at a time. */
        List<X509Certificate> issue(int n) throws Exception {
            List<byte[]> csrs = IssuanceBench.csrs("EC_prime256v1", 8);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<X509Certificate>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    byte[] csr = csrs.get(i % csrs.size());
                    futures.add(pool.submit(() -> {
                        String cert = pca.issueCertificate(r -> r.certificateAuthorityArn(arn).csr(SdkBytes.fromByteArray(csr))
                                .signingAlgorithm(Setup.signing("EC_prime256v1"))
                                .validity(v -> v.type(ValidityPeriodType.DAYS).value(30L))).certificateArn();
                        pca.waiter().waitUntilCertificateIssued(r -> r.certificateAuthorityArn(arn).certificateArn(cert));
                        return parse(pca.getCertificate(r -> r.certificateAuthorityArn(arn).certificateArn(cert)).certificate());
                    }));
                }
                List<X509Certificate> out = new ArrayList<>();
                for (Future<X509Certificate> f : futures) {
                    out.add(f.get());
                }
                return out;
            } finally {
                pool.shutdown();
            }
        }

        static X509Certificate parse(String pem) throws Exception {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    static Options parse(String[] args) {
        int certificates = 1000;
        int seconds = 10;
        int connections = 32;
        int revocations = 100;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--certificates" -> certificates = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--revocations" -> revocations = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(certificates, seconds, connections, revocations);
    }
}
