package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.ocsp.OcspReply;
import dev.castellan.authority.ocsp.OcspResponder;
import dev.castellan.authority.ocsp.OcspSettings;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.ocsp.OcspResponseStatus;
import dev.castellan.core.x509.Pem;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCSP responder wired as the server wires it (SQLite store, software keys, the Authority's revocation
 * listener) on a clock the test moves: pre-signing and re-signing, revocations seen at once here and by polling on
 * another server, the delegated responder shared through the store and rotated before it expires.
 */
class OcspResponderTest {
    static final RevocationConfiguration OCSP = new RevocationConfiguration(null, new RevocationConfiguration.Ocsp(true, null));
    @TempDir
    Path dir;
    RevocationHarness h;
    CaArn ca;
    X509Certificate caCert;
    OcspResponder a;
    OcspResponder b;

    @BeforeEach
    void setUp() throws Exception {
        h = RevocationHarness.sqlite(dir, 1_000_000);
        ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, OCSP);
        caCert = Pem.certificate(h.ca(ca).certificateDer());
        a = responder();
        b = responder();
        h.authority.addRevocationListener(a::revoked);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    OcspResponder responder() {
        return new OcspResponder(h.settings, OcspSettings.DEFAULTS, h.store, h.keys, h.clock, new SecureRandom());
    }

    byte[] request(Serial... serials) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        for (Serial s : serials) {
            builder.addRequest(new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                    new JcaX509CertificateHolder(caCert), s.value()));
        }
        return builder.build().getEncoded();
    }

    static BasicOCSPResp basic(OcspReply reply) throws Exception {
        assertThat(reply.status()).isEqualTo(OcspResponseStatus.SUCCESSFUL);
        return (BasicOCSPResp) new OCSPResp(reply.der()).getResponseObject();
    }

    static SingleResp single(OcspReply reply) throws Exception {
        return basic(reply).getResponses()[0];
    }

    @Test
    void respond_sameRequestTwice_answersThePreSignedBytesUntilHalfTheValidityPassed() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        OcspReply first = a.respond(ca.id(), request(serial));

        h.clock.advance(Duration.ofHours(11));
        OcspReply cached = a.respond(ca.id(), request(serial));
        h.clock.advance(Duration.ofHours(1).plusSeconds(1));
        OcspReply resigned = a.respond(ca.id(), request(serial));

        assertThat(cached.der()).isSameAs(first.der());
        assertThat(resigned.der()).isNotEqualTo(first.der());
        assertThat(single(resigned).getThisUpdate().toInstant()).isEqualTo(RevocationHarness.T0.plus(Duration.ofHours(12)).plusSeconds(1));
        assertThat(resigned.freshness().nextUpdate()).isEqualTo(resigned.freshness().thisUpdate().plus(Duration.ofDays(1)));
        assertThat(a.cachedCertificates()).isEqualTo(1);
    }

    @Test
    void respond_afterRevokeCertificateOnThisServer_isRevokedAtOnce() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        assertThat(single(a.respond(ca.id(), request(serial))).getCertStatus()).isNull();

        h.clock.advance(Duration.ofMinutes(3));
        h.revoke(ca, serial, RevocationReason.PRIVILEGE_WITHDRAWN);
        SingleResp revoked = single(a.respond(ca.id(), request(serial)));

        assertThat(revoked.getCertStatus()).isInstanceOfSatisfying(RevokedStatus.class, r -> {
            assertThat(r.getRevocationTime().toInstant()).isEqualTo(RevocationHarness.T0.plus(Duration.ofMinutes(3)));
            assertThat(r.getRevocationReason()).isEqualTo(9);
        });
    }

    @Test
    void respond_revocationMadeByAnotherServer_isSeenAfterTheNextPoll() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        b.maintain();
        OcspReply before = b.respond(ca.id(), request(serial));

        h.clock.advance(Duration.ofSeconds(1));
        h.revoke(ca, serial, RevocationReason.KEY_COMPROMISE); // told to server a only
        assertThat(b.respond(ca.id(), request(serial)).der()).as("b still has the pre-signed good answer").isSameAs(before.der());
        h.clock.advance(Duration.ofSeconds(1));
        b.maintain();

        assertThat(single(b.respond(ca.id(), request(serial))).getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void respond_severalCertificatesWithNonceOrNot_answersEachFromTheStore() throws Exception {
        Serial good = h.issue(ca, Duration.ofDays(30)).serial();
        Serial revoked = h.issue(ca, Duration.ofDays(30)).serial();
        h.revoke(ca, revoked, RevocationReason.SUPERSEDED);

        OcspReply reply = a.respond(ca.id(), request(good, revoked, Serial.parseHex("0badc0ffee")));

        SingleResp[] answers = basic(reply).getResponses();
        assertThat(answers).hasSize(3);
        assertThat(answers[0].getCertStatus()).isNull();
        assertThat(answers[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(answers[2].getCertStatus()).isInstanceOf(org.bouncycastle.cert.ocsp.UnknownStatus.class);
    }

    @Test
    void responder_secondServer_adoptsTheOneInTheStoreInsteadOfCreatingAnother() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();

        X509CertificateHolder fromA = basic(a.respond(ca.id(), request(serial))).getCerts()[0];
        X509CertificateHolder fromB = basic(b.respond(ca.id(), request(serial))).getCerts()[0];

        assertThat(fromB).isEqualTo(fromA);
        assertThat(auditActions()).containsOnlyOnce("OcspResponder.Create");
    }

    @Test
    void responder_dueForRenewal_isRotatedByMaintenanceAuditedAndAdoptedByTheOtherServer() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(60)).serial();
        BasicOCSPResp first = basic(a.respond(ca.id(), request(serial)));
        X509CertificateHolder old = first.getCerts()[0];
        assertThat(basic(b.respond(ca.id(), request(serial))).getCerts()[0]).isEqualTo(old);

        h.clock.advance(Duration.ofDays(20).plusMinutes(1));
        a.maintain();
        BasicOCSPResp rotated = basic(a.respond(ca.id(), request(serial)));
        b.maintain();
        BasicOCSPResp fromB = basic(b.respond(ca.id(), request(serial)));

        X509CertificateHolder renewed = rotated.getCerts()[0];
        assertThat(renewed.getSerialNumber()).isNotEqualTo(old.getSerialNumber());
        assertThat(renewed.getNotAfter().toInstant()).isEqualTo(h.clock.instant().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(rotated.isSignatureValid(new JcaContentVerifierProviderBuilder().build(renewed))).isTrue();
        assertThat(renewed.isSignatureValid(new JcaContentVerifierProviderBuilder().build(caCert.getPublicKey()))).isTrue();
        assertThat(fromB.getCerts()[0]).isEqualTo(renewed);
        assertThat(auditActions()).containsSubsequence("OcspResponder.Sign", "OcspResponder.Create", "OcspResponder.Sign",
                "OcspResponder.Rotate");
        assertThat(auditActions()).containsOnlyOnce("OcspResponder.Rotate");
    }

    @Test
    void respond_caDisabledStillAnswersButOcspDisabledOrUnknownCaIsUnauthorized() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        h.authority.updateCertificateAuthority(RevocationHarness.ADMIN, ca, null, CaStatus.DISABLED);
        h.clock.advance(Duration.ofSeconds(6));
        assertThat(single(a.respond(ca.id(), request(serial))).getCertStatus()).isNull();

        h.authority.updateCertificateAuthority(RevocationHarness.ADMIN, ca,
                new RevocationConfiguration(null, new RevocationConfiguration.Ocsp(false, null)), null);
        h.clock.advance(Duration.ofSeconds(6));

        assertThat(a.respond(ca.id(), request(serial)).status()).isEqualTo(OcspResponseStatus.UNAUTHORIZED);
        assertThat(a.respond(UUID.randomUUID(), request(serial)).status()).isEqualTo(OcspResponseStatus.UNAUTHORIZED);
        assertThat(a.respond(ca.id(), new byte[] {0x30, 0x00}).status()).isEqualTo(OcspResponseStatus.MALFORMED_REQUEST);
    }

    List<String> auditActions() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("castellan.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT action FROM audit_event WHERE action LIKE 'OcspResponder.%' ORDER BY rowid")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
