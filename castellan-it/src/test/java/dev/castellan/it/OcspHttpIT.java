package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.OcspClient;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;

/**
 * The HTTP side of the OCSP responder (RFC 5019 §5–6): GET with the request in the URL in every base64 form clients
 * use, the caching headers of pre-signed responses, conditional GET, POST without caching headers, and the
 * {@code OcspCustomCname} in the AIA.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OcspHttpIT {
    ServerProcess server;
    AcmPcaClient pca;
    Path work;
    final OcspClient ocsp = new OcspClient();
    String ca;
    X509Certificate caCert;
    String url;

    @BeforeAll
    void start() throws Exception {
        Path tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        pca = Clients.acmPca(server);
        work = Files.createDirectories(tmp.resolve("work"));
        ca = OcspClient.ocspRoot(pca, "OCSP HTTP IT Root", null);
        caCert = OcspClient.parse(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(ca)).certificate());
        url = server.endpoint() + "/ocsp/" + ca.substring(ca.lastIndexOf('/') + 1);
    }

    @AfterAll
    void stop() throws Exception {
        pca.close();
        server.close();
    }

    @Test
    void get_preSignedResponse_carriesRfc5019CachingHeadersMatchingItsValidity() throws Exception {
        X509Certificate cert = OcspClient.parse(OcspClient.leaf(pca, ca, "cached.example"));
        byte[] request = OcspClient.request(-1, List.of(OcspClient.certId(caCert, cert.getSerialNumber())));

        HttpResponse<byte[]> first = ocsp.get(url, request);
        HttpResponse<byte[]> second = ocsp.get(url, request);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.body()).as("pre-signed: the same bytes again").isEqualTo(first.body());
        SingleResp single = ((BasicOCSPResp) new OCSPResp(first.body()).getResponseObject()).getResponses()[0];
        assertThat(single.getCertStatus()).isNull();
        assertThat(header(first, "Content-Type")).isEqualTo("application/ocsp-response");
        assertThat(httpDate(header(first, "Last-Modified"))).isEqualTo(single.getThisUpdate().toInstant());
        assertThat(httpDate(header(first, "Expires"))).isEqualTo(single.getNextUpdate().toInstant());
        assertThat(header(first, "ETag")).matches("\"[0-9a-f]{32}\"");
        String cacheControl = header(first, "Cache-Control");
        assertThat(cacheControl).contains("public").contains("no-transform").contains("must-revalidate");
        long maxAge = Long.parseLong(cacheControl.replaceAll(".*max-age=(\\d+).*", "$1"));
        assertThat(Duration.ofSeconds(maxAge)).isBetween(Duration.ofHours(23), Duration.ofDays(1));
    }

    @Test
    void get_ifNoneMatchWithTheEtag_answers304WithoutBody() throws Exception {
        X509Certificate cert = OcspClient.parse(OcspClient.leaf(pca, ca, "conditional.example"));
        byte[] request = OcspClient.request(-1, List.of(OcspClient.certId(caCert, cert.getSerialNumber())));
        String etag = header(ocsp.get(url, request), "ETag");

        HttpResponse<byte[]> r = ocsp.get(url, request, "If-None-Match", etag);

        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void post_successfulResponse_carriesNoCachingHeaders() throws Exception {
        X509Certificate cert = OcspClient.parse(OcspClient.leaf(pca, ca, "posted.example"));

        HttpResponse<byte[]> r = ocsp.post(url, OcspClient.request(-1, List.of(OcspClient.certId(caCert, cert.getSerialNumber()))));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new OCSPResp(r.body()).getStatus()).isZero();
        assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(r.headers().firstValue("Expires")).isEmpty();
        assertThat(r.headers().firstValue("ETag")).isEmpty();
    }

    @Test
    void get_base64WithSlashAndPlus_isAnsweredEncodedUnencodedAndUrlSafe() throws Exception {
        byte[] request = null;
        String b64 = "";
        for (int serial = 1000; !(b64.contains("/") && b64.contains("+")); serial++) {
            request = OcspClient.request(-1, List.of(OcspClient.certId(caCert, BigInteger.valueOf(serial))));
            b64 = Base64.getEncoder().encodeToString(request);
        }
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(request);

        for (HttpResponse<byte[]> r : List.of(ocsp.get(url, request), ocsp.getRaw(url + "/" + b64),
                ocsp.getRaw(url + "/" + urlSafe))) {
            assertThat(r.statusCode()).isEqualTo(200);
            OCSPResp resp = new OCSPResp(r.body());
            assertThat(resp.getStatus()).isZero();
            assertThat(((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus())
                    .isInstanceOf(org.bouncycastle.cert.ocsp.UnknownStatus.class);
        }
    }

    @Test
    void ocspCustomCname_isTheHostOfTheAiaAndTheServerAnswersItsPath() throws Exception {
        String named = OcspClient.ocspRoot(pca, "OCSP CNAME Root", "ocsp.castellan.test");
        String id = named.substring(named.lastIndexOf('/') + 1);
        Files.writeString(work.resolve("cname.pem"), OcspClient.leaf(pca, named, "cname.example"));
        X509Certificate namedCa = OcspClient.parse(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(named))
                .certificate());

        String aia = Command.run(work, "openssl", "x509", "-in", "cname.pem", "-noout", "-ocsp_uri").requireSuccess()
                .stdout().strip();
        X509Certificate cert = OcspClient.read(work.resolve("cname.pem"));
        HttpResponse<byte[]> r = ocsp.post(server.endpoint() + "/ocsp/" + id,
                OcspClient.request(-1, List.of(OcspClient.certId(namedCa, cert.getSerialNumber()))));

        assertThat(aia).isEqualTo("http://ocsp.castellan.test/ocsp/" + id);
        assertThat(((BasicOCSPResp) new OCSPResp(r.body()).getResponseObject()).getResponses()[0].getCertStatus()).isNull();
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    static java.time.Instant httpDate(String value) {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
