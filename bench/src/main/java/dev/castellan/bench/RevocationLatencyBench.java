package dev.castellan.bench;

import dev.castellan.server.CastellanServer;
import dev.castellan.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CrlType;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * Benchmark (b) of issue 4: the time from RevokeCertificate returning to the revoked serial being in the CRL fetched
 * from the certificate's own CDP, over N revocations (default 100) against a real server on its default publisher
 * schedule. Each revocation waits a random fraction of the publisher interval first, so the samples cover every phase
 * of the schedule; a few run concurrently so the run takes minutes, not an hour.
 *
 * <p>Usage: {@code bench/run revocation-latency [--revocations 100] [--interval 5] [--concurrency 4]}.
 */
public final class RevocationLatencyBench {
    public static void main(String[] args) throws Exception {
        int revocations = 100;
        int interval = 5;
        int concurrency = 4;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--revocations" -> revocations = Integer.parseInt(args[++i]);
                case "--interval" -> interval = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("# revocation-to-CRL latency %s, %d cores, %s, publisher every %d s, %d revocations, %d at a time%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"), interval,
                revocations, concurrency);
        Path data = Files.createTempDirectory("castellan-latency");
        try (CastellanServer server = CastellanServer.start(new ServerConfig("127.0.0.1", 0, data, null, "us-east-1",
                "000000000000", null, null, null, null, Duration.ofSeconds(interval), 1_000_000));
                AcmPcaClient pca = IssuanceBench.client(server, data)) {
            String ca = Setup.activeRoot(pca, "EC_prime256v1");
            pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(ca).revocationConfiguration(rc -> rc
                    .crlConfiguration(c -> c.enabled(true).s3BucketName("latency").crlType(CrlType.PARTITIONED))));
            List<X509Certificate> certs = issue(pca, ca, revocations);
            HttpClient http = HttpClient.newHttpClient();
            fetch(http, cdp(certs.getFirst()), Duration.ofSeconds(interval * 4L), null);

            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            List<Future<Long>> futures = new ArrayList<>();
            long pauseBound = interval * 1000L;
            for (X509Certificate cert : certs) {
                futures.add(pool.submit(() -> {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(pauseBound)); // sample every phase of the schedule
                    pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(cert.getSerialNumber().toString(16))
                            .revocationReason(RevocationReason.KEY_COMPROMISE));
                    long returned = System.nanoTime();
                    fetch(http, cdp(cert), Duration.ofSeconds(120), cert);
                    return System.nanoTime() - returned;
                }));
            }
            List<Long> latencies = new ArrayList<>();
            for (Future<Long> f : futures) {
                latencies.add(f.get());
            }
            pool.shutdown();
            Collections.sort(latencies);
            System.out.println("| publisher interval | revocations | p50 ms | p99 ms | max ms | mean ms |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| %d s | %d | %.0f | %.0f | %.0f | %.0f |%n", interval, latencies.size(), ms(latencies, 0.50),
                    ms(latencies, 0.99), latencies.getLast() / 1e6,
                    latencies.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6);
        }
        System.exit(0);
    }

    static double ms(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }

    static List<X509Certificate> issue(AcmPcaClient pca, String ca, int n) throws Exception {
        List<byte[]> csrs = IssuanceBench.csrs("EC_prime256v1", 8);
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] csr = csrs.get(i % csrs.size());
            String arn = pca.issueCertificate(r -> r.certificateAuthorityArn(ca).csr(SdkBytes.fromByteArray(csr))
                    .signingAlgorithm(Setup.signing("EC_prime256v1")).templateArn("arn:aws:acm-pca:::template/EndEntityCertificate/V1")
                    .validity(v -> v.type(ValidityPeriodType.DAYS).value(30L))).certificateArn();
            pca.waiter().waitUntilCertificateIssued(r -> r.certificateAuthorityArn(ca).certificateArn(arn));
            String pem = pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(arn)).certificate();
            out.add((X509Certificate) f.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        }
        return out;
    }

    static String cdp(X509Certificate cert) {
        CRLDistPoint dp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(
                cert.getExtensionValue(Extension.cRLDistributionPoints.getId())).getOctets());
        return GeneralNames.getInstance(dp.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0]
                .getName().toString();
    }

    /** Polls the CRL every 20 ms until it exists (and, given a certificate, lists it). */
    static void fetch(HttpClient http, String url, Duration limit, X509Certificate revoked) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200 && (revoked == null
                    || ((X509CRL) f.generateCRL(new ByteArrayInputStream(r.body()))).getRevokedCertificate(revoked) != null)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the CRL at " + url + " did not show the revocation within " + limit);
    }
}
