package dev.castellan.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OcspRequestTest {
    static final OcspFixtures F = new OcspFixtures();

    @Test
    void parse_singleSha1Request_yieldsItsCertIdWithoutNonce() {
        OcspRequest r = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.valueOf(4242))));

        assertThat(r.certIds()).singleElement().satisfies(id -> {
            assertThat(id.hash()).isEqualTo(CertId.IssuerHash.SHA1);
            assertThat(id.serialNumber()).isEqualTo(4242);
            assertThat(id.serial()).isPresent();
        });
        assertThat(r.hasNonce()).isFalse();
    }

    @Test
    void parse_threeCertificates_keepsEveryOneInOrder() {
        OcspRequest r = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ONE), F.sha1(BigInteger.TWO),
                F.certificateId(NISTObjectIdentifiers.id_sha256, F.caHolder, BigInteger.TEN)));

        assertThat(r.certIds()).extracting(CertId::serialNumber).containsExactly(BigInteger.ONE, BigInteger.TWO, BigInteger.TEN);
        assertThat(r.certIds().get(2).hash()).isEqualTo(CertId.IssuerHash.SHA256);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 32})
    void parse_nonceOfOneToThirtyTwoOctets_isKeptVerbatimForTheEcho(int octets) throws Exception {
        OcspRequest r = OcspRequest.parse(OcspFixtures.request(octets, F.sha1(BigInteger.ONE)));

        byte[] expected = new byte[octets];
        Arrays.fill(expected, (byte) 0x5a);
        assertThat(r.nonceValue()).isEqualTo(new DEROctetString(expected).getEncoded());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 33, 64})
    void parse_nonceOfZeroOrOverThirtyTwoOctets_isMalformedPerRfc8954(int octets) {
        assertMalformed(OcspFixtures.request(octets, F.sha1(BigInteger.ONE)));
    }

    @Test
    void parse_rawNonceNotWrappedInAnOctetString_countsItsOctets() {
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(F.sha1(BigInteger.ONE));
        b.setRequestExtensions(new Extensions(new Extension(
                new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.1.2"), false, new byte[] {(byte) 0xff, 1, 2, 3})));

        OcspRequest r = OcspRequest.parse(encode(b));

        assertThat(r.nonceValue()).containsExactly(0xff, 1, 2, 3);
    }

    @Test
    void parse_unknownCriticalExtension_isMalformed() {
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(F.sha1(BigInteger.ONE));
        b.setRequestExtensions(new Extensions(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), true, new byte[] {5, 0})));

        assertMalformed(encode(b));
    }

    @Test
    void parse_unknownNonCriticalExtension_isIgnored() {
        OCSPReqBuilder b = new OCSPReqBuilder().addRequest(F.sha1(BigInteger.ONE));
        b.setRequestExtensions(new Extensions(new Extension(new ASN1ObjectIdentifier("1.2.3.4"), false, new byte[] {5, 0})));

        assertThat(OcspRequest.parse(encode(b)).certIds()).hasSize(1);
    }

    @Test
    void parse_sha384CertId_hasNoSupportedHashSoItIsAnsweredUnknown() {
        CertificateID id = F.certificateId(NISTObjectIdentifiers.id_sha384, F.caHolder, BigInteger.ONE);

        assertThat(OcspRequest.parse(OcspFixtures.request(-1, id)).certIds().getFirst().hash()).isNull();
    }

    @Test
    void parse_serialZero_parsesButCannotBeACertificateSerial() {
        CertId id = OcspRequest.parse(OcspFixtures.request(-1, F.sha1(BigInteger.ZERO))).certIds().getFirst();

        assertThat(id.serial()).isEmpty();
    }

    @Test
    void parse_moreThanTheMaximumCertificates_isMalformed() {
        CertificateID[] ids = IntStream.rangeClosed(1, OcspRequest.MAX_CERTIFICATES + 1)
                .mapToObj(i -> F.sha1(BigInteger.valueOf(i))).toArray(CertificateID[]::new);

        assertMalformed(OcspFixtures.request(-1, ids));
    }

    @Test
    void parse_randomBytes_isMalformed() {
        byte[] junk = new byte[200];
        new Random(7).nextBytes(junk);

        assertMalformed(junk);
    }

    @Test
    void parse_truncatedRequest_isMalformed() {
        byte[] der = OcspFixtures.request(16, F.sha1(BigInteger.ONE));

        for (int cut = 1; cut < der.length; cut += 7) {
            assertMalformed(Arrays.copyOf(der, der.length - cut));
        }
    }

    @Test
    void parse_requestFollowedByTrailingBytes_isMalformed() {
        byte[] der = OcspFixtures.request(-1, F.sha1(BigInteger.ONE));

        assertMalformed(Arrays.copyOf(der, der.length + 3));
    }

    @Test
    void parse_emptyBodyOrOversizedBody_isMalformed() {
        assertMalformed(new byte[0]);
        assertMalformed(null);
        assertMalformed(new byte[OcspRequest.MAX_BYTES + 1]);
    }

    @Test
    void parse_emptyRequestList_isMalformed() {
        // OCSPRequest { TBSRequest { requestList SEQUENCE {} } }
        assertMalformed(new byte[] {0x30, 0x04, 0x30, 0x02, 0x30, 0x00});
    }

    @Test
    void parse_wellFormedDerOfAnotherType_isMalformed() {
        assertMalformed(new byte[] {0x02, 0x01, 0x05});
    }

    private static void assertMalformed(byte[] der) {
        assertThatThrownBy(() -> OcspRequest.parse(der))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
    }

    private static byte[] encode(OCSPReqBuilder b) {
        try {
            return b.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
