package dev.castellan.core.x509;

import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.ExtendedKeyUsageSpec;
import dev.castellan.core.model.ExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.PolicyInformationSpec;
import dev.castellan.core.model.Subject;
import dev.castellan.core.testkit.TestPki;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The fixed inputs of the template matrix: one CSR content, one API passthrough, one CA configuration, chosen so
 * each source leaves a distinct, recognisable trace in the certificate.
 */
final class IssuanceScenario {
    /** In BouncyCastle string order, which is the encoded order (most general first). */
    static final String CSR_SUBJECT = "O=Castellan Test,CN=csr.example.com";
    static final String API_SUBJECT_CN = "api.example.com";
    static final String CSR_DNS = "csr.example.com";
    static final String API_DNS = "api.example.com";
    static final String CSR_POLICY = "1.3.6.1.4.1.99999.2.1";
    static final String API_POLICY = "2.23.140.1.2.1";
    static final String CSR_PRIVATE_EXTENSION = "1.3.6.1.4.1.99999.1.1";
    static final String CDP = "http://crl.example.com/ca.crl";
    static final String CSR_CDP = "http://csr-crl.example.com/asked.crl";
    static final String OCSP = "http://ocsp.example.com";
    static final String CA_ISSUERS = "http://ca.example.com/ca.cer";
    /** JDK key usage indices the CSR and API ask for, by kind of template. */
    static final int[] CSR_KU_EE = {AwsTemplateTable.DS};
    static final int[] CSR_KU_CA = {AwsTemplateTable.DS, AwsTemplateTable.KCS, AwsTemplateTable.CRL};
    static final int[] API_KU_EE = {AwsTemplateTable.DS, AwsTemplateTable.NR};
    static final int[] API_KU_CA = {AwsTemplateTable.DS, AwsTemplateTable.KCS, AwsTemplateTable.CRL};

    private IssuanceScenario() {}

    /**
     * The CSR's requested extensions: SAN, KU, EKU (clientAuth + smart-card logon), a policy, a private extension
     * and a CDP, plus basic constraints CA:TRUE and a bogus SKI that must never reach a certificate.
     */
    static Extensions csrExtensions(boolean forCa) {
        try {
            ExtensionsGenerator g = new ExtensionsGenerator();
            g.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, CSR_DNS)));
            g.addExtension(Extension.keyUsage, true, new KeyUsage(forCa
                    ? KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            g.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_clientAuth, KeyPurposeId.getInstance(new ASN1ObjectIdentifier(AwsTemplateTable.SMART_CARD_LOGIN))}));
            g.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(CSR_POLICY))));
            g.addExtension(new ASN1ObjectIdentifier(CSR_PRIVATE_EXTENSION), false, new DERUTF8String("csr-private"));
            g.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(
                            new GeneralName(GeneralName.uniformResourceIdentifier, CSR_CDP))), null, null)}));
            g.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            g.addExtension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(new byte[] {1, 2, 3, 4}));
            return g.generate();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ApiPassthroughSpec api(boolean forCa) {
        KeyUsageSpec ku = forCa
                ? new KeyUsageSpec(true, false, false, false, false, true, true, false, false)
                : new KeyUsageSpec(true, true, false, false, false, false, false, false, false);
        Subject subject = new Subject(null, "Castellan API", null, null, null, API_SUBJECT_CN, null, null, null, null,
                null, null, null, null, null);
        return new ApiPassthroughSpec(subject, new ExtensionsSpec(ku,
                List.of(ExtendedKeyUsageSpec.ofType("EMAIL_PROTECTION")),
                List.of(new GeneralNameSpec.Dns(API_DNS)),
                List.of(new PolicyInformationSpec(API_POLICY, List.of("https://cps.example.com/cps"))),
                null));
    }

    /** An issuance by a fixed issuing CA (or self-signed, for root templates) with the scenario's CA configuration. */
    record Issuer(KeyPair key, X509Certificate certificate) {
        IssuanceInput input(PKCS10CertificationRequest csr, CertificateTemplate t, ApiPassthroughSpec api) {
            return new IssuanceInput(csr, t, api, TestPki.name(certificate), key.getPublic(),
                    TestPki.subjectKeyId(certificate), false, TestPki.serial(), TestPki.NOW.minus(Duration.ofHours(1)),
                    TestPki.NOW.plus(Duration.ofDays(365)), List.of(CDP), OCSP, CA_ISSUERS);
        }

        X509Certificate issue(PKCS10CertificationRequest csr, CertificateTemplate t, ApiPassthroughSpec api) {
            return TestPki.sign(CertificateAssembler.assemble(input(csr, t, api)), key);
        }
    }

    /** A self-signed issuance of {@code csr}, whose key is {@code key}, named as the final subject will be. */
    static IssuanceInput selfSigned(PKCS10CertificationRequest csr, KeyPair key, CertificateTemplate t,
            ApiPassthroughSpec api, X500Name finalSubject) {
        return new IssuanceInput(csr, t, api, finalSubject, key.getPublic(), null, true, TestPki.serial(),
                TestPki.NOW.minus(Duration.ofHours(1)), TestPki.NOW.plus(Duration.ofDays(3650)), List.of(CDP), OCSP,
                CA_ISSUERS);
    }
}
