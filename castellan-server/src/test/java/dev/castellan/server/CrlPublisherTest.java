package dev.castellan.server;

import static dev.castellan.server.RevocationHarness.ADMIN;
import static dev.castellan.server.RevocationHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.crl.CrlPublisher;
import dev.castellan.authority.crl.PublishedObject;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.server.RevocationHarness.Issued;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRL publisher on a hand-moved clock: what it re-signs, when, and what the published CRLs hold. */
class CrlPublisherTest {
    @TempDir
    Path dir;
    RevocationHarness h;
    CrlPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        h = RevocationHarness.sqlite(dir, 1_000_000);
        publisher = h.publisher("node-1");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    int publish() {
        CrlPublisher.Result r = publisher.publishDue(h.clock.instant());
        assertThat(r.leaseHeld()).isTrue();
        assertThat(r.failed()).isZero();
        return r.published();
    }

    static BigInteger crlNumber(X509CRL crl) {
        return ASN1Integer.getInstance(ASN1OctetString.getInstance(crl.getExtensionValue(Extension.cRLNumber.getId()))
                .getOctets()).getValue();
    }

    static List<String> cdp(X509Certificate cert) {
        byte[] v = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        if (v == null) {
            return List.of();
        }
        CRLDistPoint dp = CRLDistPoint.getInstance(ASN1OctetString.getInstance(v).getOctets());
        return uris(GeneralNames.getInstance(dp.getDistributionPoints()[0].getDistributionPoint().getName()));
    }

    static List<String> idp(X509CRL crl) {
        byte[] v = crl.getExtensionValue(Extension.issuingDistributionPoint.getId());
        IssuingDistributionPoint idp = IssuingDistributionPoint.getInstance(ASN1OctetString.getInstance(v).getOctets());
        return uris(GeneralNames.getInstance(idp.getDistributionPoint().getName()));
    }

    private static List<String> uris(GeneralNames names) {
        return java.util.Arrays.stream(names.getNames()).map(n -> n.getName().toString()).toList();
    }

    @Test
    void publishDue_completeCrl_emptyAtFirstThenListsTheRevocationAfterOneRun() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        Issued cert = h.issue(ca, Duration.ofDays(90));
        assertThat(cdp(cert.certificate())).containsExactly(h.completeCrlUrl(ca));
        assertThat(cert.urls().partitionId()).isNull();

        assertThat(publish()).isEqualTo(1);
        X509CRL first = h.crl(h.completeCrlUrl(ca), ca);
        assertThat(first.getRevokedCertificates()).isNull();
        assertThat(first.getExtensionValue(Extension.issuingDistributionPoint.getId())).isNull();
        assertThat(first.getNextUpdate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(7))));
        assertThat(publish()).as("nothing changed, nothing re-signed").isZero();

        h.clock.advance(Duration.ofSeconds(5));
        h.revoke(ca, cert.serial(), RevocationReason.KEY_COMPROMISE);
        assertThat(publish()).isEqualTo(1);

        X509CRL second = h.crl(h.completeCrlUrl(ca), ca);
        assertThat(second.getRevokedCertificate(cert.serial().value()).getRevocationReason())
                .isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crlNumber(second)).isGreaterThan(crlNumber(first));
    }

    @Test
    void publishDue_pastTheMidpointToNextUpdate_resignsBeforeItExpires() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        h.issue(ca, Duration.ofDays(90));
        publish();
        BigInteger first = crlNumber(h.crl(h.completeCrlUrl(ca), ca));

        h.clock.advance(Duration.ofDays(3));
        assertThat(publish()).isZero();
        h.clock.advance(Duration.ofHours(12));
        assertThat(publish()).isEqualTo(1);

        X509CRL refreshed = h.crl(h.completeCrlUrl(ca), ca);
        assertThat(crlNumber(refreshed)).isGreaterThan(first);
        assertThat(refreshed.getNextUpdate()).isEqualTo(Date.from(h.clock.instant().plus(Duration.ofDays(7))));
    }

    @Test
    void publishDue_partitionedCa_eachPartitionCrlCarriesACriticalIdpEqualToItsCertificatesCdp() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA,
                RevocationHarness.partitioned("pki", "revocation/lists"));
        Issued a = h.issue(ca, Duration.ofDays(90));
        Issued b = h.issue(ca, Duration.ofDays(90));
        assertThat(a.urls().partitionId()).isNotNull().isEqualTo(b.urls().partitionId());
        String uri = cdp(a.certificate()).getFirst();
        assertThat(uri).isEqualTo("http://127.0.0.1:7700/pki/revocation/lists/" + ca.id() + "/" + a.urls().partitionId() + ".crl");

        assertThat(publish()).isEqualTo(1);
        h.revoke(ca, b.serial(), RevocationReason.SUPERSEDED);
        assertThat(publish()).isEqualTo(1);

        X509CRL crl = h.crl(uri, ca);
        assertThat(crl.getCriticalExtensionOIDs()).contains(Extension.issuingDistributionPoint.getId());
        assertThat(idp(crl)).containsExactly(uri);
        assertThat(crl.getRevokedCertificates()).singleElement()
                .satisfies(e -> assertThat(e.getSerialNumber()).isEqualTo(b.serial().value()));
        Path file = h.buckets.resolve("pki/revocation/lists/" + ca.id() + "/" + a.urls().partitionId() + ".crl");
        assertThat(Files.readAllBytes(file)).isEqualTo(crl.getEncoded());
    }

    @Test
    void publishDue_expiredCertificate_listedInOneMoreCrlThenDropped() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        Issued shortLived = h.issue(ca, Duration.ofDays(1));
        Issued longLived = h.issue(ca, Duration.ofDays(90));
        h.revoke(ca, shortLived.serial(), RevocationReason.KEY_COMPROMISE);
        publish();

        h.clock.advance(Duration.ofDays(2));
        h.revoke(ca, longLived.serial(), RevocationReason.KEY_COMPROMISE);
        publish();
        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificates()).hasSize(2);

        h.clock.advance(Duration.ofDays(4));
        assertThat(publish()).as("past the midpoint").isEqualTo(1);
        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificates()).singleElement()
                .satisfies(e -> assertThat(e.getSerialNumber()).isEqualTo(longLived.serial().value()));
    }

    @Test
    void publishDue_crlDisabled_publishesNothingUntilEnabledThenCatchesUp() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationConfiguration.DISABLED);
        Issued cert = h.issue(ca, Duration.ofDays(90));
        assertThat(cert.urls().crlDistributionPoints()).isEmpty();
        h.revoke(ca, cert.serial(), RevocationReason.UNSPECIFIED);
        assertThat(publish()).isZero();

        h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.complete("later"), null);
        assertThat(publish()).isEqualTo(1);

        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificate(cert.serial().value())).isNotNull();
    }

    @Test
    void publishDue_clockSetBack_crlNumbersStillOnlyGrow() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        List<Issued> certs = h.issueMany(ca, 4, Duration.ofDays(90));
        BigInteger last = BigInteger.ZERO;
        for (Issued c : certs) {
            h.clock.advance(Duration.ofMinutes(-30));
            h.revoke(ca, c.serial(), RevocationReason.UNSPECIFIED);
            publish();
            BigInteger n = crlNumber(h.crl(h.completeCrlUrl(ca), ca));
            assertThat(n).isGreaterThan(last);
            last = n;
        }
    }

    @Test
    void bind_omitExtension_noCdpButTheCrlStillListsTheRevocation() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, new RevocationConfiguration(
                new RevocationConfiguration.Crl(true, 2, null, "matter", null, null, null, true), null));
        Issued cert = h.issue(ca, Duration.ofDays(90));
        assertThat(cdp(cert.certificate())).isEmpty();
        h.revoke(ca, cert.serial(), RevocationReason.AFFILIATION_CHANGED);
        publish();

        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificate(cert.serial().value())).isNotNull();
    }

    @Test
    void bind_customCnameAndOcsp_urlsUseTheCnamesAndResolveOnAnyHost() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, new RevocationConfiguration(
                new RevocationConfiguration.Crl(true, 7, "crl.example.test", "pki", null, null, null, null),
                new RevocationConfiguration.Ocsp(true, "ocsp.example.test")));
        Issued cert = h.issue(ca, Duration.ofDays(90));
        publish();

        assertThat(cert.urls().crlDistributionPoints()).containsExactly("http://crl.example.test/crl/" + ca.id() + ".crl");
        assertThat(cert.urls().ocspUrl()).isEqualTo("http://ocsp.example.test/ocsp/" + ca.id());
        assertThat(cert.urls().caIssuersUrl()).isEqualTo("http://127.0.0.1:7700/pki/ca/" + ca.id() + ".crt");
        assertThat(h.crl(cert.urls().crlDistributionPoints().getFirst(), ca).getIssuerX500Principal())
                .isEqualTo(cert.certificate().getIssuerX500Principal());
        PublishedObject caCert = h.fetch(cert.urls().caIssuersUrl());
        assertThat(caCert.contentType()).isEqualTo(PublishedObject.CERTIFICATE);
        assertThat(caCert.content()).isEqualTo(h.ca(ca).certificateDer());
        assertThat(Files.readAllBytes(h.buckets.resolve("pki/ca/" + ca.id() + ".crt"))).isEqualTo(h.ca(ca).certificateDer());
    }

    @Test
    void publishedObject_pathsThatNameNothing_areEmpty() throws Exception {
        CaArn ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
        h.issue(ca, Duration.ofDays(90));
        publish();

        for (String path : List.of("/", "/crl", "/pki/crl/" + ca.id(), "/pki/other/" + ca.id() + ".crl",
                "/pki/crl/" + ca.id().toString().toUpperCase() + ".crl", "/pki/crl/" + java.util.UUID.randomUUID() + ".crl",
                "/pki/ca/" + ca.id() + ".crl", "/pki/crl/../" + ca.id() + ".crt", "/pki/crl/" + ca.id() + ".crl.bak")) {
            assertThat(h.authority.publishedObject(path)).as(path).isEmpty();
        }
        assertThat(h.authority.publishedObject("/pki/crl/" + ca.id() + ".crl")).isPresent();
        assertThat(h.authority.publishedObject("/crl/" + ca.id() + ".crl")).as("the CNAME form").isPresent();
    }
}
