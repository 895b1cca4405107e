package dev.castellan.bench;

import dev.castellan.authority.Authority;
import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.CreateCaRequest;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.crl.CrlPublisher;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.revocation.IssuanceUrls;
import dev.castellan.authority.revocation.RevocationBinding;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import dev.castellan.core.x509.KeySigner;
import dev.castellan.core.x509.Pem;
import dev.castellan.keys.software.MasterKey;
import dev.castellan.keys.software.SoftwareKeyProvider;
import dev.castellan.store.jdbc.JdbcStore;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Benchmark (a) of issue 4: a CA with N issued and N revoked certificates (default a million), seeded through the
 * store ports — not the API — then every CRL published from scratch, timed, with the heap sampled; beside it, in the
 * same run, {@code openssl ca -gencrl} over the same serials, dates and reasons, timed with its peak RSS.
 *
 * <p>Usage: {@code bench/run crl [--certificates N] [--database sqlite|postgresql] [--complete]}. {@code bench/run}
 * starts this JVM with {@code -Xmx256m}: publication that needed more would fail, not just report a bigger number.
 */
public final class CrlBench {
    private static final Principal ADMIN = Principal.system();
    /** openssl's reason names (apps/ca.c) for the five codes it shares with AWS. */
    private static final RevocationReason[] REASONS = {RevocationReason.KEY_COMPROMISE,
            RevocationReason.CERTIFICATE_AUTHORITY_COMPROMISE, RevocationReason.AFFILIATION_CHANGED,
            RevocationReason.SUPERSEDED, RevocationReason.CESSATION_OF_OPERATION};
    private static final String[] OPENSSL_REASONS = {"keyCompromise", "CACompromise", "affiliationChanged", "superseded",
            "cessationOfOperation"};
    private static final int BATCH = 5_000;

    public static void main(String[] args) throws Exception {
        int n = 1_000_000;
        String database = "sqlite";
        boolean complete = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--certificates" -> n = Integer.parseInt(args[++i]);
                case "--database" -> database = args[++i];
                case "--complete" -> complete = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("castellan-crl-bench");
        Instant now = Instant.now();
        System.out.printf("# CRL publication benchmark %s, %d cores, %s, max heap %d MB, %,d certificates, %s%n", now,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20, n, database);
        String url = database.equals("postgresql") ? TestPostgres.freshDatabaseUrl() : "jdbc:sqlite:" + dir.resolve("bench.db");
        SecureRandom random = new SecureRandom();
        try (JdbcStore store = JdbcStore.open(url, database.equals("postgresql") ? TestPostgres.user() : null, null)) {
            byte[] masterKey = new byte[32];
            random.nextBytes(masterKey);
            SoftwareKeyProvider keys = new SoftwareKeyProvider(store, MasterKey.of(masterKey, random), random);
            AuthoritySettings settings = new AuthoritySettings("aws", "us-east-1", "000000000000", "http://127.0.0.1:7700",
                    AuthoritySettings.MAX_CRL_PARTITION_BYTES);
            Authority authority = new Authority(settings, store, keys, () -> now, random);
            RevocationBinding binding = new RevocationBinding(settings);
            CrlPublisher publisher = new CrlPublisher(store, keys, () -> now, settings,
                    new BenchBuckets(dir.resolve("buckets")), "bench", Duration.ofMinutes(30));

            String type = complete ? null : "PARTITIONED";
            CaArn ca = activeRoot(authority, store, keys, now, new RevocationConfiguration(
                    new RevocationConfiguration.Crl(true, 7, null, "bench", null, type, null, null), null));
            long seedStart = System.nanoTime();
            seed(store, binding, ca, n, now);
            System.out.printf("seeded %,d issued + revoked certificates through the store in %.1f s%n", n,
                    (System.nanoTime() - seedStart) / 1e9);

            Publication p = publish(store, publisher, ca, now);
            Path opensslDir = Files.createDirectories(dir.resolve("openssl"));
            OpensslRun o = openssl(opensslDir, n, now);

            System.out.println();
            System.out.println("| what | CRLs | entries | time s | peak heap MB (max heap) | bytes | bytes/entry |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            System.out.printf("| Castellan %s, %s, from scratch | %d | %,d | %.2f | %d (%d) | %,d | %.2f |%n",
                    complete ? "complete CRL" : "partitioned (1,000,000-byte bound)", database, p.crls(), n,
                    p.seconds(), p.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20, p.bytes(), (double) p.bytes() / n);
            System.out.printf("| openssl ca -gencrl (one CRL, PEM) | 1 | %,d | %.2f | RSS %d | %,d DER | %.2f |%n", n,
                    o.seconds(), o.peakRssMb(), o.derBytes(), (double) o.derBytes() / n);
            System.out.printf("ratio Castellan/openssl time: %.2f (target <= 0.50); largest CRL %,d bytes%n",
                    p.seconds() / o.seconds(), p.largest());
        }
    }

    static CaArn activeRoot(Authority authority, JdbcStore store, SoftwareKeyProvider keys, Instant now,
            RevocationConfiguration revocation) throws Exception {
        Subject subject = new Subject("DE", "Castellan Bench", null, null, null, "CRL Bench Root", null, null, null, null,
                null, null, null, null, null);
        CaArn arn = authority.createCertificateAuthority(ADMIN, new CreateCaRequest(CaType.ROOT, new CaConfiguration(
                KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, subject, null), revocation, null, null, null, null));
        CertificateAuthority ca = store.read(tx -> tx.certificateAuthority(arn.id())).orElseThrow();
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(ca.csrDer());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(csr.getSubject(), BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), csr.getSubject(),
                csr.getSubjectPublicKeyInfo());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(csr.getSubjectPublicKeyInfo()));
        byte[] der = b.build(new KeySigner(keys, ca.key(), SigningAlgorithm.SHA256WITHECDSA)).getEncoded();
        authority.importCertificateAuthorityCertificate(ADMIN, arn, Pem.encode("CERTIFICATE", der).getBytes(StandardCharsets.US_ASCII), null);
        return arn;
    }

    /** One revoked certificate of the seed, the same for Castellan and openssl: the random sequence is replayed. */
    record Seeded(Serial serial, Instant revokedAt, int reason) {}

    static Seeded seeded(SplittableRandom r, Instant now) {
        byte[] b = new byte[16];
        r.nextBytes(b);
        b[0] |= (byte) 0x80;
        return new Seeded(new Serial(new BigInteger(1, b)), now.minusSeconds(r.nextInt(86_400 * 30)), r.nextInt(REASONS.length));
    }

    /** Issues and revokes {@code n} certificates in batches, as issuance and RevokeCertificate would, through the ports. */
    static void seed(JdbcStore store, RevocationBinding binding, CaArn arn, int n, Instant now) {
        SplittableRandom r = new SplittableRandom(42);
        byte[] placeholderDer = {0x30, 0x00}; // the CRL never reads certificate bodies
        for (int done = 0; done < n; done += BATCH) {
            int size = Math.min(BATCH, n - done);
            store.write(tx -> {
                CertificateAuthority ca = tx.certificateAuthority(arn.id()).orElseThrow();
                for (int i = 0; i < size; i++) {
                    Seeded s = seeded(r, now);
                    IssuanceUrls urls = binding.bind(tx, ca, now);
                    tx.insert(IssuedCertificate.pending(ca.id(), s.serial(), now.minus(Duration.ofDays(31)),
                            now.plus(Duration.ofDays(365)), now, "arn:aws:acm-pca:::template/EndEntityCertificate/V1",
                            urls.partitionId()));
                    tx.markIssued(ca.id(), s.serial(), placeholderDer, now);
                    tx.revoke(ca.id(), s.serial(), s.revokedAt(), REASONS[s.reason()]);
                }
                return null;
            });
        }
    }

    record Publication(int crls, double seconds, long bytes, long largest, long peakHeapMb) {}

    static Publication publish(JdbcStore store, CrlPublisher publisher, CaArn ca, Instant now) throws Exception {
        System.gc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long start = System.nanoTime();
        int crls = 0;
        for (int published; (published = publisher.publishDue(now).published()) > 0; ) {
            crls += published;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        long bytes = 0;
        long largest = 0;
        for (CrlScope s : store.read(tx -> tx.crlScopes(ca.id()))) {
            long size = store.read(tx -> tx.crlPublication(ca.id(), s.scopeId())).map(p -> (long) p.der().length).orElse(0L);
            bytes += size;
            largest = Math.max(largest, size);
        }
        return new Publication(crls, seconds, bytes, largest, peak.get() >> 20);
    }

    record OpensslRun(double seconds, long peakRssMb, long derBytes) {}

    /** The same revocations in an openssl CA database, then {@code openssl ca -gencrl} under /usr/bin/time. */
    static OpensslRun openssl(Path dir, int n, Instant now) throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "ca.key", "-out", "ca.pem", "-days", "3650", "-subj", "/C=DE/O=Castellan Bench/CN=CRL Bench Root");
        DateTimeFormatter utc = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
        SplittableRandom r = new SplittableRandom(42);
        String expiry = utc.format(now.plus(Duration.ofDays(365)));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("index.txt"))) {
            for (int i = 0; i < n; i++) {
                Seeded s = seeded(r, now);
                w.write("R\t" + expiry + "\t" + utc.format(s.revokedAt()) + "," + OPENSSL_REASONS[s.reason()] + "\t"
                        + s.serial().hex().toUpperCase(Locale.ROOT) + "\tunknown\t/CN=bench\n");
            }
        }
        Files.writeString(dir.resolve("crlnumber"), "01\n");
        Files.writeString(dir.resolve("openssl.cnf"), String.join("\n", "[ca]", "default_ca = bench", "[bench]",
                "dir = " + dir, "database = $dir/index.txt", "crlnumber = $dir/crlnumber", "certificate = $dir/ca.pem",
                "private_key = $dir/ca.key", "default_md = sha256", "default_crl_days = 7", "crl_extensions = crl_ext",
                "unique_subject = no", "[crl_ext]", "authorityKeyIdentifier = keyid:always", ""));
        long start = System.nanoTime();
        String log = run(dir, "/usr/bin/time", "-v", "openssl", "ca", "-gencrl", "-config", "openssl.cnf", "-out", "crl.pem");
        double seconds = (System.nanoTime() - start) / 1e9;
        long rssKb = log.lines().filter(l -> l.contains("Maximum resident set size")).map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong).findFirst().orElse(-1);
        run(dir, "openssl", "crl", "-in", "crl.pem", "-outform", "DER", "-out", "crl.der");
        return new OpensslRun(seconds, rssKb >> 10, Files.size(dir.resolve("crl.der")));
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }
}
