package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.x509.Pem;
import dev.castellan.server.RevocationHarness.Issued;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import dev.castellan.store.jdbc.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server's CRLs judged by verifiers Castellan did not write: {@code openssl verify -crl_check -crl_download}
 * follows each certificate's CDP to this server, GnuTLS {@code certtool --verify} loads the fetched CRL, and Python
 * {@code cryptography} checks that a partition CRL's critical IDP equals the certificate's CDP and that CRL numbers
 * only grow. Certificates are bound and issued through the harness, which calls the revocation binding exactly where
 * issuance does; the publisher is the server's own, on the real clock, every second. The two share a PostgreSQL
 * database, as two nodes would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrlVerifiersIT {
    static final long LIMIT = 8_192;
    @TempDir
    static Path dir;
    CastellanServer server;
    RevocationHarness h;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        // The harness and the server share a database as two nodes do: a SQLite file admits one server.
        String url = TestPostgres.freshDatabaseUrl();
        server = CastellanServer.start(new ServerConfig("127.0.0.1", port, dir.resolve("data"), url + "?user="
                + TestPostgres.user(), "us-east-1", "000000000000", null, null, null, base, Duration.ofSeconds(1), LIMIT));
        // An integration test beside a server on the real clock: its certificates must be valid now.
        h = new RevocationHarness(dir.resolve("data"), url, TestPostgres.user(), base, LIMIT,
                Instant.ofEpochSecond(Instant.now().getEpochSecond()));
    }

    @AfterAll
    void stop() {
        h.close();
        server.close();
    }

    @Test
    void completeCrl_opensslAndGnutls_seeOkThenRevokedThroughTheCdp() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        Issued leaf = h.issue(ca, Duration.ofDays(30));
        Path caPem = write("complete-ca.pem", Pem.encode("CERTIFICATE", h.ca(ca).certificateDer()));
        Path leafPem = write("complete-leaf.pem", Pem.encode("CERTIFICATE", leaf.certificate().getEncoded()));
        String cdp = leaf.urls().crlDistributionPoints().getFirst();
        assertThat(cdp).isEqualTo(base + "/pki/crl/" + ca.id() + ".crl");
        awaitCrl(cdp, crl -> true);

        assertThat(run("openssl", "verify", "-crl_check", "-crl_download", "-CAfile", caPem.toString(), leafPem.toString()))
                .contains(leafPem + ": OK");

        h.revoke(ca, leaf.serial(), RevocationReason.KEY_COMPROMISE);
        X509CRL crl = awaitCrl(cdp, c -> c.getRevokedCertificate(leaf.serial().value()) != null);

        assertThat(run("openssl", "verify", "-crl_check", "-crl_download", "-CAfile", caPem.toString(), leafPem.toString()))
                .contains("certificate revoked");
        Path crlPem = write("complete.crl.pem", Pem.encode("X509 CRL", crl.getEncoded()));
        assertThat(run("certtool", "--verify", "--load-ca-certificate", caPem.toString(), "--load-crl", crlPem.toString(),
                "--infile", leafPem.toString())).contains("revoked");
        assertThat(Files.readAllBytes(dir.resolve("data/buckets/pki/crl/" + ca.id() + ".crl"))).isNotEmpty();
    }

    @Test
    void partitionCrls_scopeCheckedByEveryVerifierAndNumbersOnlyGrow() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA,
                RevocationHarness.partitioned("pki", "crl-partitions"));
        Issued first = h.issue(ca, Duration.ofDays(30));
        long capacity = h.store.read(tx -> tx.crlScope(ca.id(), first.urls().partitionId())).orElseThrow().capacity();
        List<Issued> all = new ArrayList<>(List.of(first));
        all.addAll(h.issueMany(ca, (int) capacity, Duration.ofDays(30)));
        Issued a = all.getFirst();
        Issued b = all.getLast();
        assertThat(b.urls().partitionId()).isNotEqualTo(a.urls().partitionId());
        Path caPem = write("p-ca.pem", Pem.encode("CERTIFICATE", h.ca(ca).certificateDer()));
        Path aPem = write("p-a.pem", Pem.encode("CERTIFICATE", a.certificate().getEncoded()));
        Path bPem = write("p-b.pem", Pem.encode("CERTIFICATE", b.certificate().getEncoded()));
        String aCdp = a.urls().crlDistributionPoints().getFirst();
        String bCdp = b.urls().crlDistributionPoints().getFirst();
        awaitCrl(aCdp, crl -> true);
        X509CRL bCrl = awaitCrl(bCdp, crl -> true);
        Path script = write("idp_check.py", PYTHON_IDP_CHECK);

        String firstNumber = run("python3", script.toString(), aPem.toString(), caPem.toString(), "0").strip();
        assertThat(run("openssl", "verify", "-crl_check", "-crl_download", "-CAfile", caPem.toString(), aPem.toString()))
                .contains(aPem + ": OK");
        h.revoke(ca, a.serial(), RevocationReason.KEY_COMPROMISE);
        X509CRL aCrl = awaitCrl(aCdp, c -> c.getRevokedCertificate(a.serial().value()) != null);

        String secondNumber = run("python3", script.toString(), aPem.toString(), caPem.toString(), firstNumber).strip();
        assertThat(new BigInteger(secondNumber)).isGreaterThan(new BigInteger(firstNumber));
        assertThat(run("openssl", "verify", "-crl_check", "-crl_download", "-CAfile", caPem.toString(), aPem.toString()))
                .contains("certificate revoked");
        Path bCrlPem = write("p-b.crl.pem", Pem.encode("X509 CRL", bCrl.getEncoded()));
        assertThat(run("openssl", "verify", "-crl_check", "-CAfile", caPem.toString(), "-CRLfile", bCrlPem.toString(),
                aPem.toString())).contains("different CRL scope");
        Path aCrlPem = write("p-a.crl.pem", Pem.encode("X509 CRL", aCrl.getEncoded()));
        assertThat(run("certtool", "--verify", "--load-ca-certificate", caPem.toString(), "--load-crl", aCrlPem.toString(),
                "--infile", aPem.toString())).contains("revoked");
        assertThat(run("certtool", "--verify", "--load-ca-certificate", caPem.toString(), "--load-crl", bCrlPem.toString(),
                "--infile", bPem.toString())).contains("Chain verification output: Verified");
        assertThat(aCrl.getEncoded().length).isLessThanOrEqualTo((int) LIMIT);
    }

    @Test
    void caIssuersUrl_servesTheCaCertificateAsDer() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("aia"));
        Issued leaf = h.issue(ca, Duration.ofDays(30));
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(leaf.urls().caIssuersUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/pkix-cert");
        assertThat(r.body()).isEqualTo(h.ca(ca).certificateDer());
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/aia/crl/" + java.util.UUID.randomUUID() + ".crl"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** Fetches the CRL over HTTP until it satisfies {@code ready}: the server publishes on its own schedule. */
    private X509CRL awaitCrl(String url, Predicate<X509CRL> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                assertThat(r.headers().firstValue("Content-Type")).contains("application/pkix-crl");
                X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body()));
                if (ready.test(crl)) {
                    return crl;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the CRL at " + url + " did not become ready within 30 s");
            }
            Thread.sleep(100); // polling a server that publishes on the real clock; no test clock is involved
        }
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " timed out");
        }
        if (command[0].equals("python3") && p.exitValue() != 0) {
            throw new AssertionError("python check failed:\n" + out);
        }
        return out;
    }

    /** Python cryptography's view: the IDP is critical and names exactly the CDP; the CRL number grew. */
    static final String PYTHON_IDP_CHECK = """
            import sys, urllib.request
            from cryptography import x509
            cert = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
            issuer = x509.load_pem_x509_certificate(open(sys.argv[2], 'rb').read())
            cdp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
            uris = [n.value for n in cdp[0].full_name]
            crl = x509.load_der_x509_crl(urllib.request.urlopen(uris[0]).read())
            idp = crl.extensions.get_extension_for_class(x509.IssuingDistributionPoint)
            assert idp.critical, 'the IDP is not critical'
            assert [n.value for n in idp.value.full_name] == uris, ('IDP != CDP', idp.value.full_name, uris)
            assert crl.is_signature_valid(issuer.public_key()), 'bad CRL signature'
            number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
            assert number > int(sys.argv[3]), ('the CRL number did not grow', number, sys.argv[3])
            print(number)
            """;
}
