package dev.castellan.core.x509;

import static dev.castellan.core.x509.CertificateAssemblerTemplateMatrixTest.keyId;
import static dev.castellan.core.x509.CertificateAssemblerTemplateMatrixTest.sha1OfKey;
import static dev.castellan.core.x509.CertificateAssemblerTemplateMatrixTest.uris;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.CustomExtensionSpec;
import dev.castellan.core.model.ExtendedKeyUsageSpec;
import dev.castellan.core.model.ExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.PolicyInformationSpec;
import dev.castellan.core.model.Subject;
import dev.castellan.core.testkit.Openssl;
import dev.castellan.core.testkit.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Precedence between template, API and CSR, and the subject, SAN and custom-extension rules of issuance. */
class CertificateAssemblerTest {
    private static final X500Name CSR_SUBJECT = new X500Name(IssuanceScenario.CSR_SUBJECT);
    private static KeyPair subjectKey;
    private static IssuanceScenario.Issuer issuer;

    @BeforeAll
    static void issuingCa() {
        KeyPair caKey = TestPki.p256();
        issuer = new IssuanceScenario.Issuer(caKey, TestPki.root(caKey, "O=Castellan Test,CN=Precedence Root CA"));
        subjectKey = TestPki.p256();
    }

    static CertificateTemplate template(String name) {
        return CertificateTemplate.fromArn(CertificateTemplate.ARN_PREFIX + name + "/V1").orElseThrow();
    }

    static Extensions extensions(Extension... es) {
        ExtensionsGenerator g = new ExtensionsGenerator();
        for (Extension e : es) {
            g.addExtension(e);
        }
        return g.generate();
    }

    static Extension eku(boolean critical, KeyPurposeId... ids) {
        return ExtensionValues.extension(Extension.extendedKeyUsage, critical, new ExtendedKeyUsage(ids));
    }

    static Extension ku(int bits) {
        return ExtensionValues.extension(Extension.keyUsage, true, new KeyUsage(bits));
    }

    static Extension san(boolean critical, GeneralName... names) {
        return ExtensionValues.extension(Extension.subjectAlternativeName, critical, new GeneralNames(names));
    }

    static PKCS10CertificationRequest csr(X500Name subject, Extension... requested) {
        return TestPki.csr(subjectKey, subject, requested.length == 0 ? null : extensions(requested));
    }

    static ApiPassthroughSpec api(Subject subject, KeyUsageSpec ku, List<ExtendedKeyUsageSpec> eku,
            List<GeneralNameSpec> san, List<CustomExtensionSpec> custom) {
        return new ApiPassthroughSpec(subject, new ExtensionsSpec(ku, eku, san, null, custom));
    }

    static KeyUsageSpec digitalSignature() {
        return new KeyUsageSpec(true, false, false, false, false, false, false, false, false);
    }

    static CastellanException failure(Runnable r) {
        try {
            r.run();
        } catch (CastellanException e) {
            return e;
        }
        throw new AssertionError("expected a CastellanException");
    }

    @Test
    void assemble_templateFixesEku_ignoresApiAndCsrEku() throws Exception {
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, eku(false, KeyPurposeId.id_kp_codeSigning),
                ku(KeyUsage.keyAgreement));
        ApiPassthroughSpec api = api(null, digitalSignature(), List.of(ExtendedKeyUsageSpec.ofType("SERVER_AUTH")), null, null);

        X509Certificate cert = issuer.issue(csr, template("EndEntityClientAuthCertificate_APICSRPassthrough"), api);

        assertThat(cert.getExtendedKeyUsage()).containsExactly(AwsTemplateTable.CLIENT_AUTH);
        assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, false);
    }

    @Test
    void assemble_apiAndCsrBothGiveUsages_apiWinsAndCsrFillsTheRest() throws Exception {
        Extension csrPrivate = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"), false,
                new DERSequence().getEncoded());
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, eku(false, KeyPurposeId.id_kp_clientAuth),
                ku(KeyUsage.keyAgreement), csrPrivate);
        ApiPassthroughSpec api = api(null, digitalSignature(), List.of(ExtendedKeyUsageSpec.ofType("EMAIL_PROTECTION")), null, null);

        X509Certificate cert = issuer.issue(csr, template("BlankEndEntityCertificate_APICSRPassthrough"), api);

        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(AwsTemplateTable.EMAIL_PROTECTION);
        assertThat(cert.getExtensionValue("1.3.6.1.4.1.99999.7")).isNotNull();
    }

    @Test
    void assemble_apiPassthroughOnCsrOnlyTemplate_isIgnored() throws Exception {
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, san(false, new GeneralName(GeneralName.dNSName, "csr.example.com")));
        ApiPassthroughSpec api = api(Subject.ofCommonName("api.example.com"), digitalSignature(), null,
                List.of(new GeneralNameSpec.Dns("api.example.com")), null);

        X509Certificate cert = issuer.issue(csr, template("EndEntityCertificate_CSRPassthrough"), api);

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=csr.example.com,O=Castellan Test");
        assertThat(sanValues(cert)).containsExactly("csr.example.com");
    }

    @Test
    void assemble_csrExtensionsOnApiOnlyTemplate_areIgnoredButSanIsKept() throws Exception {
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, eku(false, KeyPurposeId.id_kp_clientAuth),
                ku(KeyUsage.digitalSignature), san(false, new GeneralName(GeneralName.dNSName, "csr.example.com")));

        X509Certificate cert = issuer.issue(csr, template("BlankEndEntityCertificate_APIPassthrough"), null);

        assertThat(cert.getKeyUsage()).isNull();
        assertThat(cert.getExtendedKeyUsage()).isNull();
        assertThat(sanValues(cert)).containsExactly("csr.example.com");
    }

    @Test
    void assemble_apiSanOnApiCsrTemplate_replacesCsrSan() throws Exception {
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, san(false, new GeneralName(GeneralName.dNSName, "csr.example.com")));
        ApiPassthroughSpec api = api(null, null, null, List.of(new GeneralNameSpec.Dns("api.example.com")), null);

        X509Certificate cert = issuer.issue(csr, template("EndEntityServerAuthCertificate_APICSRPassthrough"), api);

        assertThat(sanValues(cert)).containsExactly("api.example.com");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=csr.example.com,O=Castellan Test");
    }

    @Test
    void assemble_smartCardCsrWithUpn_keepsEkusAndUtf8OtherName() throws Exception {
        GeneralName upn = X509Names.toGeneralName(new GeneralNameSpec.Other("1.3.6.1.4.1.311.20.2.3", "alice@corp.example.com"));
        PKCS10CertificationRequest csr = csr(new X500Name("O=Corp,CN=Alice"),
                ku(KeyUsage.digitalSignature | KeyUsage.keyAgreement),
                eku(false, KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_smartcardlogon),
                san(false, upn));

        X509Certificate cert = issuer.issue(csr, template("BlankEndEntityCertificate_CSRPassthrough"), null);

        assertThat(cert.getExtendedKeyUsage()).containsExactly(AwsTemplateTable.CLIENT_AUTH, AwsTemplateTable.SMART_CARD_LOGIN);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15");
        List<?> otherName = cert.getSubjectAlternativeNames().iterator().next();
        assertThat(otherName.get(0)).isEqualTo(0);
        // The JDK hands otherName back as DER: SEQUENCE { type-id, [0] EXPLICIT UTF8String }.
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(otherName.get(1));
        assertThat(seq.getObjectAt(0).toString()).isEqualTo("1.3.6.1.4.1.311.20.2.3");
        assertThat(org.bouncycastle.asn1.ASN1TaggedObject.getInstance(seq.getObjectAt(1)).getExplicitBaseObject())
                .isInstanceOf(org.bouncycastle.asn1.ASN1UTF8String.class).hasToString("alice@corp.example.com");
        assertThat(CertificateLinter.lint(cert, issuer.certificate())).isEmpty();
        String text = Openssl.text(cert);
        assertThat(Openssl.extension(text, "X509v3 Extended Key Usage").body())
                .contains("TLS Web Client Authentication", "Microsoft Smartcard Login");
        assertThat(Openssl.extension(text, "X509v3 Subject Alternative Name").body()).contains("alice@corp.example.com");
    }

    @Test
    void assemble_emailProtectionViaApi_hasCriticalKuEmailEkuAndRfc822San() throws Exception {
        PKCS10CertificationRequest csr = csr(new X500Name("CN=Alice Example"));
        ApiPassthroughSpec api = api(null,
                new KeyUsageSpec(true, false, true, false, false, false, false, false, false),
                List.of(ExtendedKeyUsageSpec.ofType("EMAIL_PROTECTION")),
                List.of(new GeneralNameSpec.Rfc822("alice@example.com")), null);

        X509Certificate cert = issuer.issue(csr, template("BlankEndEntityCertificate_APIPassthrough"), api);

        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(cert.getKeyUsage()).startsWith(true, false, true, false, false, false, false);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(AwsTemplateTable.EMAIL_PROTECTION);
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(1, "alice@example.com"));
        assertThat(CertificateLinter.lint(cert, issuer.certificate())).isEmpty();
        String text = Openssl.text(cert);
        assertThat(Openssl.extension(text, "X509v3 Key Usage")).isEqualTo(
                new Openssl.Block(true, "Digital Signature, Key Encipherment\n"));
        assertThat(Openssl.extension(text, "X509v3 Extended Key Usage").body()).contains("E-mail Protection");
        assertThat(Openssl.extension(text, "X509v3 Subject Alternative Name").body()).contains("email:alice@example.com");
    }

    @Test
    void assemble_nameConstraintsCustomExtensionOnSubordinate_isCriticalAndParsedByJdkAndOpenssl() throws Exception {
        byte[] nc = NameConstraintsEncoder.encode(List.of("example.com"), List.of(".prod.example.com"));
        PKCS10CertificationRequest csr = csr(new X500Name("O=Castellan Test,CN=Constrained Issuing CA"));
        ApiPassthroughSpec api = api(null, null, null, null,
                List.of(new CustomExtensionSpec("2.5.29.30", nc, true)));

        X509Certificate cert = issuer.issue(csr, template("SubordinateCACertificate_PathLen0_APIPassthrough"), api);

        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.30");
        assertThat(ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.30")).getOctets()).isEqualTo(nc);
        assertThat(CertificateLinter.lint(cert, issuer.certificate())).isEmpty();
        Openssl.Block block = Openssl.extension(Openssl.text(cert), "X509v3 Name Constraints");
        assertThat(block.critical()).isTrue();
        assertThat(block.body()).contains("Permitted:", "DNS:example.com", "Excluded:", "DNS:.prod.example.com");
    }

    @Test
    void assemble_nameConstraintsOnEndEntityAsInAwsExample_issuesButLinterFlagsIt() {
        byte[] nc = NameConstraintsEncoder.encode(List.of("example.com"), List.of());
        ApiPassthroughSpec api = api(null, null, null, null, List.of(new CustomExtensionSpec("2.5.29.30", nc, true)));

        X509Certificate cert = issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"), api);

        assertThat(CertificateLinter.lint(cert, issuer.certificate()))
                .singleElement().asString().contains("not a CA");
    }

    @Test
    void assemble_mdlEkuOid_isCarriedAsGiven() throws Exception {
        ApiPassthroughSpec api = api(null, digitalSignature(),
                List.of(ExtendedKeyUsageSpec.ofOid("1.0.18013.5.1.2")), null, null);

        X509Certificate cert = issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_APIPassthrough"), api);

        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.0.18013.5.1.2");
        assertThat(Openssl.extension(Openssl.text(cert), "X509v3 Extended Key Usage").body()).contains("1.0.18013.5.1.2");
    }

    @Test
    void assemble_apiPoliciesWithCpsUris_encodeIdQtCpsQualifiers() throws Exception {
        ApiPassthroughSpec api = new ApiPassthroughSpec(null, new ExtensionsSpec(null, null, null, List.of(
                new PolicyInformationSpec("2.23.140.1.2.1", List.of("https://cps.example.com/cps")),
                new PolicyInformationSpec("2.5.29.32.0", null)), null));

        X509Certificate cert = issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"), api);

        var policies = org.bouncycastle.asn1.x509.CertificatePolicies.getInstance(
                ASN1OctetString.getInstance(cert.getExtensionValue("2.5.29.32")).getOctets()).getPolicyInformation();
        assertThat(policies).hasSize(2);
        var qualifier = org.bouncycastle.asn1.x509.PolicyQualifierInfo.getInstance(policies[0].getPolicyQualifiers().getObjectAt(0));
        assertThat(qualifier.getPolicyQualifierId()).isEqualTo(org.bouncycastle.asn1.x509.PolicyQualifierId.id_qt_cps);
        assertThat(qualifier.getQualifier()).hasToString("https://cps.example.com/cps");
        assertThat(policies[1].getPolicyQualifiers()).isNull();
        assertThat(Openssl.extension(Openssl.text(cert), "X509v3 Certificate Policies").body())
                .contains("Policy: 2.23.140.1.2.1", "CPS: https://cps.example.com/cps", "Policy: X509v3 Any Policy");

        CastellanException twice = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"),
                new ApiPassthroughSpec(null, new ExtensionsSpec(null, null, null, List.of(
                        new PolicyInformationSpec("1.2.3", null), new PolicyInformationSpec("1.2.3", null)), null))));
        assertThat(twice.getMessage()).contains("more than once");
    }

    @Test
    void assemble_customExtensionSettingChainFields_isRefused() {
        for (String oid : List.of("2.5.29.19", "2.5.29.14", "2.5.29.35")) {
            ApiPassthroughSpec api = api(null, null, null, null,
                    List.of(new CustomExtensionSpec(oid, new byte[] {0x30, 0x00}, false)));
            CastellanException e = failure(() -> issuer.issue(csr(CSR_SUBJECT),
                    template("BlankEndEntityCertificate_APIPassthrough"), api));
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
            assertThat(e.getMessage()).contains(oid).contains("may not set");
        }
    }

    @Test
    void assemble_customExtensionDuplicatingTemplateApiOrCaConfig_isRefused() {
        byte[] kuDer = der(new KeyUsage(KeyUsage.digitalSignature));
        CastellanException template = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"),
                api(null, null, null, null, List.of(new CustomExtensionSpec("2.5.29.15", kuDer, true)))));
        assertThat(template.getMessage()).contains("key usage").contains("the template");

        byte[] sanDer = der(new GeneralNames(new GeneralName(GeneralName.dNSName, "x.example.com")));
        CastellanException apiField = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_APIPassthrough"),
                api(null, null, null, List.of(new GeneralNameSpec.Dns("api.example.com")),
                        List.of(new CustomExtensionSpec("2.5.29.17", sanDer, false)))));
        assertThat(apiField.getMessage()).contains("subject alternative name").contains("the API passthrough");

        CastellanException caConfig = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_APIPassthrough"),
                api(null, null, null, null, List.of(new CustomExtensionSpec("2.5.29.31", new byte[] {0x30, 0x00}, false)))));
        assertThat(caConfig.getMessage()).contains("CRL distribution points").contains("the CA configuration");

        CastellanException twice = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_APIPassthrough"),
                api(null, null, null, null, List.of(new CustomExtensionSpec("1.2.3.4", new byte[] {5, 0}, false),
                        new CustomExtensionSpec("1.2.3.4", new byte[] {5, 0}, false)))));
        assertThat(twice.getMessage()).contains("1.2.3.4").contains("a custom extension");

        CastellanException notDer = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_APIPassthrough"),
                api(null, null, null, null, List.of(new CustomExtensionSpec("1.2.3.4", new byte[] {0x30, 0x05, 1}, false)))));
        assertThat(notDer.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(notDer.getMessage()).contains("DER");
    }

    @Test
    void assemble_customSanWhenOnlyCsrHasOne_replacesCsrSan() throws Exception {
        byte[] sanDer = der(new GeneralNames(new GeneralName(GeneralName.dNSName, "custom.example.com")));
        PKCS10CertificationRequest csr = csr(CSR_SUBJECT, san(false, new GeneralName(GeneralName.dNSName, "csr.example.com")));

        X509Certificate cert = issuer.issue(csr, template("BlankEndEntityCertificate_APIPassthrough"),
                api(null, null, null, null, List.of(new CustomExtensionSpec("2.5.29.17", sanDer, false))));

        assertThat(sanValues(cert)).containsExactly("custom.example.com");
    }

    @Test
    void assemble_emptySubjectWithSan_marksSanCritical() throws Exception {
        PKCS10CertificationRequest csr = csr(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]),
                san(false, new GeneralName(GeneralName.dNSName, "only-san.example.com")));

        X509Certificate cert = issuer.issue(csr, template("EndEntityServerAuthCertificate"), null);

        assertThat(cert.getSubjectX500Principal().getName()).isEmpty();
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.17");
        assertThat(CertificateLinter.lint(cert, issuer.certificate())).isEmpty();
        assertThat(Openssl.extension(Openssl.text(cert), "X509v3 Subject Alternative Name").critical()).isTrue();
    }

    @Test
    void assemble_csrWithNeitherSubjectNorSan_isMalformedCsr() {
        PKCS10CertificationRequest csr = csr(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]));

        CastellanException e = failure(() -> issuer.issue(csr, template("EndEntityCertificate"), null));

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_CSR);
        assertThat(e.getMessage()).contains("must contain a subject or a subject alternative name");
    }

    @Test
    void assemble_apiSubjectMixingCustomAndNamedAttributes_isInvalidArgs() {
        Subject mixed = new Subject(null, "Org", null, null, null, "name", null, null, null, null, null, null, null, null,
                List.of(new Subject.CustomAttribute("2.5.4.3", "other")));

        CastellanException e = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"),
                new ApiPassthroughSpec(mixed, null)));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(e.getMessage()).contains("CustomAttributes");
    }

    @Test
    void assemble_apiSubjectOfCustomAttributes_keepsTheirOrder() {
        Subject custom = new Subject(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                List.of(new Subject.CustomAttribute("2.5.4.3", "Device 42"),
                        new Subject.CustomAttribute("1.3.6.1.4.1.37244.2.1", "FFF1")));

        X509Certificate cert = issuer.issue(csr(CSR_SUBJECT), template("BlankEndEntityCertificate_CriticalBasicConstraints_APIPassthrough"),
                new ApiPassthroughSpec(custom, null));

        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("1.3.6.1.4.1.37244.2.1=#0c0446464631,CN=Device 42");
    }

    @Test
    void assemble_commonNameOf65CharactersInCsrOrApi_isInvalidArgs() {
        // BouncyCastle's string parser refuses such a CN, so the CSR is built attribute by attribute.
        X500Name longCn = new org.bouncycastle.asn1.x500.X500NameBuilder()
                .addRDN(org.bouncycastle.asn1.x500.style.BCStyle.CN, new org.bouncycastle.asn1.DERUTF8String("a".repeat(65)))
                .build();

        CastellanException fromCsr = failure(() -> issuer.issue(csr(longCn), template("EndEntityCertificate"), null));
        CastellanException fromApi = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("EndEntityCertificate_APIPassthrough"),
                new ApiPassthroughSpec(Subject.ofCommonName("b".repeat(65)), null)));

        assertThat(List.of(fromCsr, fromApi)).allSatisfy(e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
            assertThat(e.getMessage()).contains("longer than 64");
        });
    }

    @Test
    void assemble_csrCdpWithoutCaConfig_isCopiedOnlyByCsrPassthroughTemplates() throws Exception {
        PKCS10CertificationRequest csr = TestPki.csr(subjectKey, CSR_SUBJECT, IssuanceScenario.csrExtensions(false));
        IssuanceInput base = issuer.input(csr, template("EndEntityCertificate_CSRPassthrough"), null);
        IssuanceInput noCdp = new IssuanceInput(base.csr(), base.template(), null, base.issuerName(), base.issuerPublicKey(),
                base.issuerSubjectKeyIdentifier(), false, base.serial(), base.notBefore(), base.notAfter(), List.of(), null, null);
        IssuanceInput nonCsr = new IssuanceInput(base.csr(), template("EndEntityCertificate"), null, base.issuerName(),
                base.issuerPublicKey(), base.issuerSubjectKeyIdentifier(), false, base.serial(), base.notBefore(),
                base.notAfter(), List.of(), null, null);

        X509Certificate withCsrCdp = TestPki.sign(CertificateAssembler.assemble(noCdp), issuer.key());
        X509Certificate withoutCdp = TestPki.sign(CertificateAssembler.assemble(nonCsr), issuer.key());

        assertThat(uris(withCsrCdp, "2.5.29.31")).containsExactly(IssuanceScenario.CSR_CDP);
        assertThat(uris(withoutCdp, "2.5.29.31")).isNull();
        assertThat(uris(withoutCdp, "1.3.6.1.5.5.7.1.1")).isNull();
    }

    @Test
    void assemble_issuerWithoutSki_usesSha1OfIssuerKeyAsAki() throws Exception {
        IssuanceInput base = issuer.input(csr(CSR_SUBJECT), template("EndEntityCertificate"), null);
        IssuanceInput noSki = new IssuanceInput(base.csr(), base.template(), null, base.issuerName(), base.issuerPublicKey(),
                null, false, base.serial(), base.notBefore(), base.notAfter(), List.of(), null, null);

        X509Certificate cert = TestPki.sign(CertificateAssembler.assemble(noSki), issuer.key());

        assertThat(keyId(cert, "2.5.29.35")).isEqualTo(sha1OfKey(issuer.key()));
    }

    @Test
    void assemble_rootTemplateNotSelfSigned_isInvalidArgs() {
        CastellanException e = failure(() -> issuer.issue(csr(CSR_SUBJECT), template("RootCACertificate"), null));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS);
        assertThat(e.getMessage()).contains("self-signed");
    }

    @Test
    void assemble_selfSignedWithForeignKey_isInvalidArgs() {
        IssuanceInput in = IssuanceScenario.selfSigned(csr(CSR_SUBJECT), issuer.key(), template("RootCACertificate"),
                null, CSR_SUBJECT);

        assertThatThrownBy(() -> CertificateAssembler.assemble(in))
                .isInstanceOf(CastellanException.class).hasMessageContaining("issuer's own key");
    }

    @Test
    void assemble_badEnvelope_isInvalidArgs() {
        IssuanceInput base = issuer.input(csr(CSR_SUBJECT), template("EndEntityCertificate"), null);
        for (BigInteger serial : List.of(BigInteger.ZERO, BigInteger.valueOf(-5), BigInteger.ONE.shiftLeft(160))) {
            IssuanceInput in = new IssuanceInput(base.csr(), base.template(), null, base.issuerName(), base.issuerPublicKey(),
                    null, false, serial, base.notBefore(), base.notAfter(), List.of(), null, null);
            assertThat(failure(() -> CertificateAssembler.assemble(in)).code()).isEqualTo(ErrorCode.INVALID_ARGS);
        }
        IssuanceInput inverted = new IssuanceInput(base.csr(), base.template(), null, base.issuerName(), base.issuerPublicKey(),
                null, false, base.serial(), base.notAfter(), base.notBefore(), List.of(), null, null);
        assertThat(failure(() -> CertificateAssembler.assemble(inverted)).getMessage()).contains("later than");
    }

    @Test
    void assemble_validityAfter2049_usesGeneralizedTimeWithoutFractions() throws Exception {
        IssuanceInput base = issuer.input(csr(CSR_SUBJECT), template("EndEntityCertificate"), null);
        IssuanceInput in = new IssuanceInput(base.csr(), base.template(), null, base.issuerName(), base.issuerPublicKey(),
                null, false, base.serial(), base.notBefore().plusMillis(123),
                java.time.Instant.parse("2051-06-01T00:00:00.789Z"), List.of(), null, null);

        X509Certificate cert = TestPki.sign(CertificateAssembler.assemble(in), issuer.key());

        assertThat(cert.getNotAfter().toInstant()).isEqualTo(java.time.Instant.parse("2051-06-01T00:00:00Z"));
        assertThat(Openssl.text(cert)).contains("Not After : Jun  1 00:00:00 2051 GMT");
        // The issuer (valid 10 years) ends before 2051; the linter says so, and only that.
        assertThat(CertificateLinter.lint(cert, issuer.certificate())).singleElement().asString().contains("issuer's Not After");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(base.notBefore());
    }

    private static List<Object> sanValues(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream().<Object>map(l -> l.get(1)).toList();
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Object o) {
        try {
            return o.getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
