package dev.castellan.core.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.testkit.Openssl;
import dev.castellan.core.testkit.TestPki;
import dev.castellan.core.x509.CertificateLinter;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

class ResponderCertificatesTest {
    static final OcspFixtures F = new OcspFixtures();

    @Test
    void responderCertificate_hasCriticalOcspSigningEkuNocheckAndIsNoCa() throws Exception {
        X509Certificate cert = TestPki.toJdk(F.responder.certificate());

        assertThat(cert.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.37", "2.5.29.15");
        assertThat(cert.getNonCriticalExtensionOIDs()).contains("1.3.6.1.5.5.7.48.1.5");
        assertThat(F.responder.certificate().getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck).getExtnValue()
                .getOctets()).containsExactly(0x05, 0x00);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getKeyUsage()[0]).isTrue();
        assertThat(cert.getExtensionValue("2.5.29.31")).isNull();
        assertThat(cert.getExtensionValue("1.3.6.1.5.5.7.1.1")).isNull();
        cert.verify(F.ca.getPublicKey());
        assertThat(CertificateLinter.lint(cert, F.ca)).isEmpty();
        assertThat(Openssl.text(cert)).contains("OCSP No Check").contains("critical\n                OCSP Signing");
    }

    @Test
    void subject_suffixesTheCaCommonNameAndKeepsTheRest() {
        assertThat(ResponderCertificates.subject(new X500Name("CN=Example Root,O=Acme,C=DE")))
                .isEqualTo(new X500Name("O=Acme,C=DE,CN=Example Root OCSP Responder"));
    }

    @Test
    void subject_withoutCommonNameOrWithOneTooLong_isNamedOcspResponder() {
        assertThat(ResponderCertificates.subject(new X500Name("O=Acme"))).isEqualTo(new X500Name("O=Acme,CN=OCSP Responder"));
        assertThat(ResponderCertificates.subject(new X500Name("CN=" + "x".repeat(60))))
                .isEqualTo(new X500Name("CN=OCSP Responder"));
    }
}
