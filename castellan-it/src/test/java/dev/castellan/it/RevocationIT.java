package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
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
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityStatus;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.CrlType;
import software.amazon.awssdk.services.acmpca.model.InvalidRequestException;
import software.amazon.awssdk.services.acmpca.model.InvalidStateException;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.RequestAlreadyProcessedException;
import software.amazon.awssdk.services.acmpca.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * RevokeCertificate and CRL publication over the wire: a real server process driven by the stock AWS SDK and CLI,
 * certificates issued with IssueCertificate, CRLs fetched from the CDP the server wrote into them and judged by
 * openssl. The server runs on port 0 without --public-url, so the URLs it writes name the port it chose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationIT {
    private static final String T = "arn:aws:acm-pca:::template/";
    ServerProcess server;
    AcmPcaClient pca;
    Path work;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        Path tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null, "--crl-publish-interval", "1");
        pca = Clients.acmPca(server);
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @AfterAll
    void stop() throws Exception {
        pca.close();
        server.close();
    }

    /** A ROOT CA with the given CRL configuration that issued its own certificate and imported it. */
    String root(String cn, CrlType type) {
        String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName(cn)))
                .revocationConfiguration(rc -> rc.crlConfiguration(crl -> crl.enabled(true).s3BucketName("it-crls")
                        .expirationInDays(7).crlType(type)))).certificateAuthorityArn();
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
        String cert = issue(arn, SdkBytes.fromString(csr, StandardCharsets.US_ASCII), "RootCACertificate/V1", 3650);
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromString(cert, StandardCharsets.US_ASCII)));
        return arn;
    }

    String issue(String caArn, SdkBytes csr, String template, long days) {
        String certArn = pca.issueCertificate(r -> r.certificateAuthorityArn(caArn).csr(csr)
                .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).templateArn(T + template)
                .validity(v -> v.type(ValidityPeriodType.DAYS).value(days))).certificateArn();
        pca.waiter().waitUntilCertificateIssued(r -> r.certificateAuthorityArn(caArn).certificateArn(certArn));
        return pca.getCertificate(r -> r.certificateAuthorityArn(caArn).certificateArn(certArn)).certificate();
    }

    X509Certificate leaf(String caArn, String cn) throws Exception {
        String pem = issue(caArn, Pki.csr("CN=" + cn, Pki.p256()), "EndEntityCertificate/V1", 30);
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    static String colonHex(BigInteger serial) {
        byte[] b = serial.toByteArray();
        return HexFormat.ofDelimiter(":").formatHex(b, b[0] == 0 ? 1 : 0, b.length);
    }

    @Test
    void revokeCertificate_sdkWithColonsThenAgain_succeedsThenRequestAlreadyProcessed() throws Exception {
        String ca = root("Revocation IT Root", CrlType.COMPLETE);
        X509Certificate cert = leaf(ca, "revoked.example");

        pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(colonHex(cert.getSerialNumber()))
                .revocationReason(RevocationReason.KEY_COMPROMISE));

        assertThatThrownBy(() -> pca.revokeCertificate(r -> r.certificateAuthorityArn(ca)
                .certificateSerial(cert.getSerialNumber().toString(16)).revocationReason(RevocationReason.SUPERSEDED)))
                .isInstanceOf(RequestAlreadyProcessedException.class);
    }

    @Test
    void revokeCertificate_refusals_useTheAwsErrorNames() throws Exception {
        String ca = root("Revocation IT Refusals", CrlType.COMPLETE);
        String own = pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(ca)).certificate();
        BigInteger ownSerial = ((X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(own.getBytes(StandardCharsets.US_ASCII)))).getSerialNumber();
        X509Certificate cert = leaf(ca, "refusals.example");

        assertThatThrownBy(() -> pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial("0a:0b:0c")
                .revocationReason(RevocationReason.UNSPECIFIED))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(colonHex(ownSerial))
                .revocationReason(RevocationReason.KEY_COMPROMISE))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial("not-hex")
                .revocationReason(RevocationReason.KEY_COMPROMISE))).isInstanceOf(InvalidRequestException.class);
        pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(ca).status(CertificateAuthorityStatus.DISABLED));
        pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(ca).permanentDeletionTimeInDays(7));
        assertThatThrownBy(() -> pca.revokeCertificate(r -> r.certificateAuthorityArn(ca)
                .certificateSerial(colonHex(cert.getSerialNumber())).revocationReason(RevocationReason.KEY_COMPROMISE)))
                .isInstanceOf(InvalidStateException.class);
        // Just issued, so the server still holds it in memory: the deleted CA is refused all the same.
        String certArn = ca + "/certificate/" + cert.getSerialNumber().toString(16);
        assertThatThrownBy(() -> pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(certArn)))
                .isInstanceOf(InvalidStateException.class);
    }

    @Test
    void revokeCertificate_awsCli_revokesWithEveryReasonSpelling() throws Exception {
        String ca = root("Revocation IT CLI", CrlType.COMPLETE);
        X509Certificate cert = leaf(ca, "cli.example");

        Command.aws(work, server, "acm-pca", "revoke-certificate", "--certificate-authority-arn", ca,
                "--certificate-serial", colonHex(cert.getSerialNumber()), "--revocation-reason", "A_A_COMPROMISE")
                .requireSuccess();

        Command.Result again = Command.aws(work, server, "acm-pca", "revoke-certificate", "--certificate-authority-arn",
                ca, "--certificate-serial", colonHex(cert.getSerialNumber()), "--revocation-reason", "UNSPECIFIED");
        assertThat(again.exitCode()).isNotZero();
        assertThat(again.stderr()).contains("RequestAlreadyProcessedException");
    }

    // ----- these need IssueCertificate to call RevocationBinding.bind (issue 4 wiring)

    @Test
    void completeCrl_certificateCdpResolvesHereAndOpensslSeesTheRevocation() throws Exception {
        String ca = root("Revocation IT CDP", CrlType.COMPLETE);
        X509Certificate cert = leaf(ca, "cdp.example");
        String cdp = cdp(cert);
        assertThat(cdp).isEqualTo(server.endpoint() + "/it-crls/crl/" + ca.substring(ca.lastIndexOf('/') + 1) + ".crl");
        Path caPem = Files.writeString(work.resolve("cdp-ca.pem"),
                pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(ca)).certificate());
        Path leafPem = Files.writeString(work.resolve("cdp-leaf.pem"), pem(cert));
        awaitCrl(cdp, c -> true);
        assertThat(Command.run(work, "openssl", "verify", "-crl_check", "-crl_download", "-CAfile", caPem.toString(),
                leafPem.toString()).stdout()).contains(": OK");

        pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(colonHex(cert.getSerialNumber()))
                .revocationReason(RevocationReason.KEY_COMPROMISE));
        awaitCrl(cdp, c -> c.getRevokedCertificate(cert.getSerialNumber()) != null);

        Command.Result verify = Command.run(work, "openssl", "verify", "-crl_check", "-crl_download", "-CAfile",
                caPem.toString(), leafPem.toString());
        assertThat(verify.stdout() + verify.stderr()).contains("certificate revoked");
    }

    @Test
    void partitionedCrl_certificateCdpNamesAPartitionWhoseCrlHasTheSameCriticalIdp() throws Exception {
        String ca = root("Revocation IT Partitioned", CrlType.PARTITIONED);
        X509Certificate cert = leaf(ca, "partition.example");
        String cdp = cdp(cert);
        assertThat(cdp).startsWith(server.endpoint() + "/it-crls/crl/" + ca.substring(ca.lastIndexOf('/') + 1) + "/");

        pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(colonHex(cert.getSerialNumber()))
                .revocationReason(RevocationReason.CESSATION_OF_OPERATION));
        X509CRL crl = awaitCrl(cdp, c -> c.getRevokedCertificate(cert.getSerialNumber()) != null);

        assertThat(crl.getCriticalExtensionOIDs()).contains(Extension.issuingDistributionPoint.getId());
    }

    static String cdp(X509Certificate cert) {
        byte[] v = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        assertThat(v).as("the certificate has a CRL distribution point").isNotNull();
        CRLDistPoint dp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(v).getOctets());
        return GeneralNames.getInstance(dp.getDistributionPoints()[0].getDistributionPoint().getName()).getNames()[0]
                .getName().toString();
    }

    static String pem(X509Certificate cert) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    /** Fetches the CRL until {@code ready} holds; the server publishes every second on its own clock. */
    X509CRL awaitCrl(String url, Predicate<X509CRL> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(r.body()));
                if (ready.test(crl)) {
                    return crl;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the CRL at " + url + " did not become ready within 30 s");
            }
            Thread.sleep(100); // polling a separate server process; no clock of ours is involved
        }
    }
}
