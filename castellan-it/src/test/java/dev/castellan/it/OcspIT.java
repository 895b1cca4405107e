package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.OcspClient;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;

/**
 * The OCSP responder judged by real clients: {@code openssl ocsp}, GnuTLS {@code ocsptool} and Python
 * {@code cryptography} ask a real server process about certificates issued and revoked through the stock AWS SDK,
 * following the AIA URL the server wrote into them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcspIT {
    static final byte[] MALFORMED = {0x30, 0x03, 0x0a, 0x01, 0x01};
    static final byte[] UNAUTHORIZED = {0x30, 0x03, 0x0a, 0x01, 0x06};
    ServerProcess server;
    AcmPcaClient pca;
    Path work;
    final OcspClient ocsp = new OcspClient();
    String ca;
    X509Certificate caCert;
    String url;
    int leaves;

    @BeforeAll
    void start() throws Exception {
        Path tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        pca = Clients.acmPca(server);
        work = Files.createDirectories(tmp.resolve("work"));
        ca = OcspClient.ocspRoot(pca, "OCSP IT Root", null);
        String pem = pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(ca)).certificate();
        Files.writeString(work.resolve("ca.pem"), pem);
        caCert = OcspClient.parse(pem);
        url = server.endpoint() + "/ocsp/" + ca.substring(ca.lastIndexOf('/') + 1);
        Files.write(work.resolve("ocsp_check.py"), Objects.requireNonNull(
                getClass().getResourceAsStream("/ocsp_check.py")).readAllBytes());
    }

    @AfterAll
    void stop() throws Exception {
        pca.close();
        server.close();
    }

    /** Issues a leaf, writes it to {@code <name>.pem} in the work folder and returns it. */
    X509Certificate leaf(String name) throws Exception {
        String pem = OcspClient.leaf(pca, ca, name + ".example");
        Files.writeString(work.resolve(name + ".pem"), pem);
        return OcspClient.parse(pem);
    }

    Command.Result run(String... command) throws Exception {
        return Command.run(work, command);
    }

    JsonNode python(byte[] response) throws Exception {
        Path der = Files.write(work.resolve("resp-" + (++leaves) + ".der"), response);
        return new ObjectMapper().readTree(run("python3", "ocsp_check.py", der.toString(), "ca.pem").requireSuccess().stdout());
    }

    void revoke(X509Certificate cert, RevocationReason reason) {
        pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(cert.getSerialNumber().toString(16))
                .revocationReason(reason));
    }

    @Test
    void aia_certificateIssuedWithOcspEnabled_pointsAtTheServersResponderPath() throws Exception {
        leaf("aia");

        assertThat(run("openssl", "x509", "-in", "aia.pem", "-noout", "-ocsp_uri").requireSuccess().stdout().strip())
                .isEqualTo(url);
    }

    @Test
    void opensslOcsp_goodThenRevoked_reportsStatusReasonAndTime() throws Exception {
        X509Certificate cert = leaf("openssl");
        String aia = run("openssl", "x509", "-in", "openssl.pem", "-noout", "-ocsp_uri").stdout().strip();
        String[] ask = {"openssl", "ocsp", "-issuer", "ca.pem", "-cert", "openssl.pem", "-url", aia, "-CAfile", "ca.pem",
                "-resp_text"};

        Command.Result good = run(ask).requireSuccess();
        assertThat(good.stderr()).contains("Response verify OK").doesNotContain("WARNING");
        assertThat(good.stdout()).contains("openssl.pem: good").contains("OCSP Nonce");

        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        revoke(cert, RevocationReason.KEY_COMPROMISE);
        Command.Result revoked = run(ask).requireSuccess();

        assertThat(revoked.stderr()).contains("Response verify OK");
        assertThat(revoked.stdout()).contains("openssl.pem: revoked").contains("Reason: keyCompromise")
                .contains("Revocation Time: ");
        assertThat(run("ocsptool", "--ask=" + aia, "--load-issuer", "ca.pem", "--load-cert", "openssl.pem",
                "--load-trust", "ca.pem").requireSuccess().stdout())
                .contains("Certificate Status: revoked").contains("Verifying OCSP Response: Success.");
        JsonNode parsed = python(ocsp.post(url, OcspClient.request(-1, List.of(OcspClient.certId(caCert,
                cert.getSerialNumber())))).body());
        assertThat(parsed.at("/responses/0/status").asText()).isEqualTo("REVOKED");
        assertThat(parsed.at("/responses/0/reason").asText()).isEqualTo("key_compromise");
        assertThat(Instant.parse(parsed.at("/responses/0/revoked_at").asText().replace("+00:00", "Z")))
                .isBetween(before, Instant.now());
    }

    @Test
    void gnutlsOcsptool_goodAndForeignCertificate_reportsGoodAndUnknown() throws Exception {
        leaf("gnutls");
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "foreign.key", "-out", "foreign.pem", "-subj", "/CN=foreign", "-days", "2").requireSuccess();

        assertThat(run("ocsptool", "--ask=" + url, "--load-issuer", "ca.pem", "--load-cert", "gnutls.pem",
                "--load-trust", "ca.pem").requireSuccess().stdout())
                .contains("Certificate Status: good").contains("Verifying OCSP Response: Success.");
        assertThat(run("ocsptool", "--ask=" + url, "--load-issuer", "ca.pem", "--load-cert", "foreign.pem",
                "--load-trust", "ca.pem").requireSuccess().stdout())
                .contains("Certificate Status: unknown").contains("Verifying OCSP Response: Success.");
    }

    @Test
    void opensslOcsp_twoCertificatesAndAnUnissuedSerial_answersEveryOne() throws Exception {
        leaf("multi1");
        X509Certificate second = leaf("multi2");
        revoke(second, RevocationReason.SUPERSEDED);

        Command.Result r = run("openssl", "ocsp", "-issuer", "ca.pem", "-cert", "multi1.pem", "-cert", "multi2.pem",
                "-serial", "0x0badc0ffee", "-url", url, "-CAfile", "ca.pem").requireSuccess();

        assertThat(r.stderr()).contains("Response verify OK");
        assertThat(r.stdout()).contains("multi1.pem: good").contains("multi2.pem: revoked").contains("Reason: superseded")
                .contains("0x0badc0ffee: unknown");
    }

    @Test
    void pythonCryptography_response_isSignedByADelegatedResponderTheCaIssuedToItself() throws Exception {
        X509Certificate cert = leaf("python");
        byte[] request = OcspClient.request(32, List.of(OcspClient.certId(caCert, cert.getSerialNumber())));

        JsonNode parsed = python(ocsp.post(url, request).body());

        assertThat(parsed.get("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(parsed.get("signatures_verified").asBoolean()).isTrue();
        assertThat(parsed.get("eku_critical").asBoolean()).isTrue();
        assertThat(parsed.get("eku").toString()).isEqualTo("[\"1.3.6.1.5.5.7.3.9\"]");
        assertThat(parsed.get("nocheck").asBoolean()).isTrue();
        assertThat(parsed.get("signer_is_ca").asBoolean()).isFalse();
        assertThat(parsed.get("signer_days").asInt()).isBetween(29, 31);
        assertThat(parsed.get("responder_key_hash").asText()).hasSize(40);
        assertThat(parsed.get("nonce").get(0).asText()).isEqualTo("00".repeat(32));
        assertThat(parsed.at("/responses/0/status").asText()).isEqualTo("GOOD");
        assertThat(parsed.at("/responses/0/serial").asText()).isEqualTo(cert.getSerialNumber().toString(16));

        // The responder certificate is a certificate of the CA like any other, and itself answered good.
        String signerSerial = parsed.get("signer_serial").asText();
        String signerPem = pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(ca + "/certificate/" + signerSerial))
                .certificate();
        JsonNode self = python(ocsp.post(url, OcspClient.request(-1, List.of(OcspClient.certId(caCert,
                OcspClient.parse(signerPem).getSerialNumber())))).body());
        assertThat(self.at("/responses/0/status").asText()).isEqualTo("GOOD");
    }

    @Test
    void malformedRequests_getMalformedRequestOverHttp200NeverAnHttpError() throws Exception {
        X509Certificate cert = leaf("malformed");
        byte[] good = OcspClient.request(16, List.of(OcspClient.certId(caCert, cert.getSerialNumber())));
        byte[] random = new byte[300];
        new Random(4).nextBytes(random);
        List<byte[]> bodies = List.of(random, Arrays.copyOf(good, good.length / 2), new byte[0],
                OcspClient.request(33, List.of(OcspClient.certId(caCert, cert.getSerialNumber()))),
                Arrays.copyOf(good, good.length + 1));

        for (byte[] body : bodies) {
            assertOcsp(ocsp.post(url, body), MALFORMED);
        }
        assertOcsp(ocsp.getRaw(url + "/not*base64!"), MALFORMED);
        assertOcsp(ocsp.get(url, random), MALFORMED);
        assertOcsp(ocsp.getRaw(url + "/"), MALFORMED);
    }

    @Test
    void unknownOrNonOcspCa_getsUnauthorized() throws Exception {
        byte[] request = OcspClient.request(-1, List.of(OcspClient.certId(caCert, BigInteger.TEN)));
        String plain = Pki.activeRoot(pca, KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, "No OCSP Root");

        assertOcsp(ocsp.post(server.endpoint() + "/ocsp/" + UUID.randomUUID(), request), UNAUTHORIZED);
        assertOcsp(ocsp.post(server.endpoint() + "/ocsp/" + plain.substring(plain.lastIndexOf('/') + 1), request), UNAUTHORIZED);
        assertOcsp(ocsp.post(server.endpoint() + "/ocsp/not-a-ca", request), UNAUTHORIZED);
    }

    static void assertOcsp(HttpResponse<byte[]> r, byte[] body) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/ocsp-response");
        assertThat(r.body()).isEqualTo(body);
    }
}
