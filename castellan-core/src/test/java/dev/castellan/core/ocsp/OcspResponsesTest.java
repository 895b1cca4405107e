package dev.castellan.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.testkit.Openssl;
import dev.castellan.core.testkit.TestPki;
import dev.castellan.core.x509.Pem;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcspResponsesTest {
    static final OcspFixtures F = new OcspFixtures();
    static final Instant THIS_UPDATE = TestPki.NOW.plusMillis(789);
    static final Instant NEXT_UPDATE = THIS_UPDATE.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    @Test
    void signed_goodRevokedUnknown_answersEachCertIdInOrderSignedByTheResponder() throws Exception {
        OcspRequest request = OcspRequest.parse(OcspFixtures.request(16, F.sha1(BigInteger.ONE), F.sha1(BigInteger.TWO),
                F.certificateId(NISTObjectIdentifiers.id_sha256, F.caHolder, BigInteger.TEN)));
        List<OcspStatus> statuses = List.of(OcspStatus.GOOD,
                new OcspStatus.Revoked(TestPki.NOW.minusSeconds(3600).plusMillis(250), RevocationReason.KEY_COMPROMISE),
                OcspStatus.UNKNOWN);

        byte[] der = OcspResponses.signed(F.responder, answers(request, statuses), request.nonceValue(), THIS_UPDATE);

        OCSPResp resp = new OCSPResp(der);
        assertThat(resp.getStatus()).isZero();
        BasicOCSPResp basic = (BasicOCSPResp) resp.getResponseObject();
        X509CertificateHolder signer = basic.getCerts()[0];
        assertThat(signer).isEqualTo(F.responder.certificate());
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer))).isTrue();
        SingleResp[] singles = basic.getResponses();
        assertThat(singles).hasSize(3);
        assertThat(singles[0].getCertID().getSerialNumber()).isEqualTo(BigInteger.ONE);
        assertThat(singles[0].getCertStatus()).isNull();
        RevokedStatus revoked = (RevokedStatus) singles[1].getCertStatus();
        assertThat(revoked.getRevocationTime().toInstant()).isEqualTo(TestPki.NOW.minusSeconds(3600));
        assertThat(revoked.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
        assertThat(singles[2].getCertStatus()).isInstanceOf(UnknownStatus.class);
        assertThat(singles[2].getCertID().getHashAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                .isEqualTo(request.nonceValue());
        assertThat(basic.getProducedAt().toInstant()).isEqualTo(TestPki.NOW);
        assertThat(singles[0].getNextUpdate().toInstant()).isEqualTo(TestPki.NOW.plus(Duration.ofDays(1)));
    }

    @Test
    void signed_times_areGeneralizedTimeInWholeSecondsWithoutFraction() throws Exception {
        OcspRequest request = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ONE)));
        byte[] der = OcspResponses.signed(F.responder, answers(request, List.of(new OcspStatus.Revoked(
                THIS_UPDATE, RevocationReason.SUPERSEDED))), null, THIS_UPDATE);

        String hex = HexFormat.of().formatHex(der);
        String whole = "180f" + HexFormat.of().formatHex("20261128120000Z".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        // producedAt, thisUpdate and revocationTime: three GeneralizedTimes of 15 characters, no ".789".
        assertThat(hex.split(whole, -1)).hasSize(4);
        assertThat(hex).doesNotContain(HexFormat.of().formatHex(".789".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Test
    void signed_revokedUnspecified_omitsTheReasonAsCrlEntriesDo() throws Exception {
        OcspRequest request = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ONE)));
        byte[] der = OcspResponses.signed(F.responder, answers(request, List.of(new OcspStatus.Revoked(
                TestPki.NOW, RevocationReason.UNSPECIFIED))), null, THIS_UPDATE);

        SingleResp single = ((BasicOCSPResp) new OCSPResp(der).getResponseObject()).getResponses()[0];

        assertThat(((RevokedStatus) single.getCertStatus()).hasRevocationReason()).isFalse();
    }

    @Test
    void signed_withoutNonce_carriesNoResponseExtensions() throws Exception {
        OcspRequest request = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ONE)));
        byte[] der = OcspResponses.signed(F.responder, answers(request, List.of(OcspStatus.GOOD)), null, THIS_UPDATE);

        assertThat(((BasicOCSPResp) new OCSPResp(der).getResponseObject()).hasExtensions()).isFalse();
    }

    @Test
    void signed_delegatedResponse_verifiesWithOpensslAgainstTheCaAlone() throws Exception {
        OcspRequest request = OcspRequest.parse(OcspFixtures.request(16, F.sha1(BigInteger.valueOf(77))));
        byte[] der = OcspResponses.signed(F.responder, answers(request, List.of(new OcspStatus.Revoked(TestPki.NOW,
                RevocationReason.CESSATION_OF_OPERATION))), request.nonceValue(), TestPki.NOW);
        Path ca = write("ca.pem", Pem.encode("CERTIFICATE", F.ca.getEncoded()).getBytes());

        String out = Openssl.run("/usr/bin/openssl", "ocsp", "-respin", write("r.der", der).toString(), "-CAfile",
                ca.toString(), "-resp_text", "-attime", Long.toString(TestPki.NOW.getEpochSecond()));

        assertThat(out).contains("Response verify OK").contains("Cert Status: revoked")
                .contains("Revocation Reason: cessationOfOperation (0x5)").contains("Serial Number: 4D")
                .contains("OCSP Nonce");
    }

    @Test
    void error_malformedRequest_isTheBareFiveOctetResponse() {
        assertThat(HexFormat.of().formatHex(OcspResponses.error(OcspResponseStatus.MALFORMED_REQUEST))).isEqualTo("30030a0101");
        assertThat(HexFormat.of().formatHex(OcspResponses.error(OcspResponseStatus.UNAUTHORIZED))).isEqualTo("30030a0106");
        assertThat(HexFormat.of().formatHex(OcspResponses.error(OcspResponseStatus.INTERNAL_ERROR))).isEqualTo("30030a0102");
    }

    @Test
    void issuer_matchesSha1AndSha256CertIdsOfItsCaOnly() throws Exception {
        OcspIssuer issuer = OcspIssuer.of(F.ca.getEncoded());
        OcspFixtures other = new OcspFixtures();
        List<CertId> ids = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ONE),
                F.certificateId(NISTObjectIdentifiers.id_sha256, F.caHolder, BigInteger.ONE),
                F.certificateId(NISTObjectIdentifiers.id_sha384, F.caHolder, BigInteger.ONE),
                other.sha1(BigInteger.ONE))).certIds();

        assertThat(ids).extracting(issuer::isIssuerOf).containsExactly(true, true, false, false);
    }

    private static List<OcspAnswer> answers(OcspRequest request, List<OcspStatus> statuses) {
        return java.util.stream.IntStream.range(0, statuses.size())
                .mapToObj(i -> new OcspAnswer(request.certIds().get(i), statuses.get(i), THIS_UPDATE, NEXT_UPDATE))
                .toList();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }
}
