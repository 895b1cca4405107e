package dev.castellan.core.x509;

import static dev.castellan.core.x509.IssuanceScenario.API_DNS;
import static dev.castellan.core.x509.IssuanceScenario.API_POLICY;
import static dev.castellan.core.x509.IssuanceScenario.CA_ISSUERS;
import static dev.castellan.core.x509.IssuanceScenario.CDP;
import static dev.castellan.core.x509.IssuanceScenario.CSR_DNS;
import static dev.castellan.core.x509.IssuanceScenario.CSR_POLICY;
import static dev.castellan.core.x509.IssuanceScenario.CSR_PRIVATE_EXTENSION;
import static dev.castellan.core.x509.IssuanceScenario.OCSP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.testkit.Openssl;
import dev.castellan.core.testkit.TestPki;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every AWS template crossed with every passthrough source (none, API, CSR, both), issued by an EC P-256 CA and
 * re-parsed by the JDK (all cases) and openssl (CA templates and a representative end-entity subset), checked
 * extension by extension against the reference table in {@link AwsTemplateTable}.
 */
class CertificateAssemblerTemplateMatrixTest {
    private static final String[] OPENSSL_KU = {"Digital Signature", "Non Repudiation", "Key Encipherment",
            "Data Encipherment", "Key Agreement", "Certificate Sign", "CRL Sign"};
    private static final Map<String, String> OPENSSL_EKU = Map.of(
            AwsTemplateTable.SERVER_AUTH, "TLS Web Server Authentication",
            AwsTemplateTable.CLIENT_AUTH, "TLS Web Client Authentication",
            AwsTemplateTable.CODE_SIGNING, "Code Signing",
            AwsTemplateTable.EMAIL_PROTECTION, "E-mail Protection",
            AwsTemplateTable.OCSP_SIGNING, "OCSP Signing",
            AwsTemplateTable.SMART_CARD_LOGIN, "Microsoft Smartcard Login");
    private static final Set<String> OPENSSL_END_ENTITY_SUBSET = Set.of("EndEntityCertificate",
            "EndEntityClientAuthCertificate_CSRPassthrough", "EndEntityServerAuthCertificate_APIPassthrough",
            "CodeSigningCertificate", "OCSPSigningCertificate_APICSRPassthrough",
            "BlankEndEntityCertificate_APICSRPassthrough", "BlankEndEntityCertificate_CriticalBasicConstraints_CSRPassthrough");

    private static KeyPair subjectKey;
    private static IssuanceScenario.Issuer issuer;

    @BeforeAll
    static void issuingCa() {
        KeyPair caKey = TestPki.p256();
        issuer = new IssuanceScenario.Issuer(caKey, TestPki.root(caKey, "CN=Matrix Root CA,O=Castellan Test"));
        subjectKey = TestPki.p256();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (String name : AwsTemplateTable.names()) {
            for (boolean api : new boolean[] {false, true}) {
                for (boolean csr : new boolean[] {false, true}) {
                    out.add(Arguments.of(name, api, csr));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} api={1} csr={2}")
    @MethodSource("cases")
    void assemble_templateWithSources_matchesAwsTable(String name, boolean apiGiven, boolean csrGiven) throws Exception {
        AwsTemplateTable.Row row = AwsTemplateTable.row(name);
        CertificateTemplate template = CertificateTemplate.fromArn(CertificateTemplate.ARN_PREFIX + name + "/V1").orElseThrow();
        boolean apiHonoured = apiGiven && row.api();
        boolean csrHonoured = csrGiven && row.csr();
        ApiPassthroughSpec api = apiGiven ? IssuanceScenario.api(row.ca()) : null;
        X500Name csrSubject = new X500Name(IssuanceScenario.CSR_SUBJECT);

        X509Certificate cert;
        X509Certificate linterIssuer;
        KeyPair key = row.root() ? TestPki.p256() : subjectKey;
        PKCS10CertificationRequest csr = TestPki.csr(key, csrSubject,
                csrGiven ? IssuanceScenario.csrExtensions(row.ca()) : null);
        if (row.root()) {
            X500Name finalSubject = apiHonoured ? new X500Name("O=Castellan API,CN=api.example.com") : csrSubject;
            cert = TestPki.sign(CertificateAssembler.assemble(
                    IssuanceScenario.selfSigned(csr, key, template, api, finalSubject)), key);
            cert.verify(key.getPublic());
            linterIssuer = null;
        } else {
            cert = issuer.issue(csr, template, api);
            cert.verify(issuer.key().getPublic());
            linterIssuer = issuer.certificate();
        }

        // Subject and SAN: the CSR's for every template, the API's when honoured.
        assertThat(cert.getSubjectX500Principal().getName())
                .isEqualTo(apiHonoured ? "CN=api.example.com,O=Castellan API" : "CN=csr.example.com,O=Castellan Test");
        String expectedSan = apiHonoured ? API_DNS : csrGiven ? CSR_DNS : null;
        assertThat(cert.getSubjectAlternativeNames() == null ? null
                : cert.getSubjectAlternativeNames().stream().map(l -> (String) l.get(1)).toList())
                .isEqualTo(expectedSan == null ? null : List.of(expectedSan));

        // Basic constraints: always the template's, never the CSR's CA:TRUE.
        assertThat(cert.getBasicConstraints()).isEqualTo(row.ca()
                ? (row.pathLen() == null ? Integer.MAX_VALUE : row.pathLen()) : -1);
        assertThat(cert.getCriticalExtensionOIDs().contains("2.5.29.19")).isEqualTo(row.bcCritical());

        // Key usage and EKU: template > API > CSR.
        int[] expectedKu = row.ku() != null ? row.ku()
                : apiHonoured ? (row.ca() ? IssuanceScenario.API_KU_CA : IssuanceScenario.API_KU_EE)
                : csrHonoured ? (row.ca() ? IssuanceScenario.CSR_KU_CA : IssuanceScenario.CSR_KU_EE) : null;
        assertThat(kuIndices(cert.getKeyUsage())).isEqualTo(expectedKu);
        assertThat(cert.getCriticalExtensionOIDs().contains("2.5.29.15")).isEqualTo(expectedKu != null);
        List<String> expectedEku = !row.eku().isEmpty() ? row.eku()
                : apiHonoured ? List.of(AwsTemplateTable.EMAIL_PROTECTION)
                : csrHonoured ? List.of(AwsTemplateTable.CLIENT_AUTH, AwsTemplateTable.SMART_CARD_LOGIN) : null;
        assertThat(cert.getExtendedKeyUsage()).isEqualTo(expectedEku);
        assertThat(cert.getCriticalExtensionOIDs().contains("2.5.29.37")).isEqualTo(!row.eku().isEmpty() && row.ekuCritical());

        // Policies and the CSR's private extension.
        String expectedPolicy = apiHonoured ? API_POLICY : csrHonoured ? CSR_POLICY : null;
        assertThat(policies(cert)).isEqualTo(expectedPolicy == null ? null : List.of(expectedPolicy));
        assertThat(cert.getExtensionValue(CSR_PRIVATE_EXTENSION) != null).isEqualTo(csrHonoured);

        // Key identifiers and CA pointers.
        assertThat(keyId(cert, "2.5.29.14")).isEqualTo(sha1OfKey(key));
        assertThat(keyId(cert, "2.5.29.35")).isEqualTo(row.root() ? null : TestPki.subjectKeyId(issuer.certificate()));
        assertThat(uris(cert, "2.5.29.31")).isEqualTo(row.root() ? null : List.of(CDP));
        assertThat(uris(cert, "1.3.6.1.5.5.7.1.1")).isEqualTo(row.root() ? null : List.of(OCSP, CA_ISSUERS));

        Set<String> expectedOids = new HashSet<>(Set.of("2.5.29.19", "2.5.29.14"));
        addIf(expectedOids, expectedKu != null, "2.5.29.15");
        addIf(expectedOids, expectedEku != null, "2.5.29.37");
        addIf(expectedOids, expectedSan != null, "2.5.29.17");
        addIf(expectedOids, expectedPolicy != null, "2.5.29.32");
        addIf(expectedOids, csrHonoured, CSR_PRIVATE_EXTENSION);
        addIf(expectedOids, !row.root(), "2.5.29.35", "2.5.29.31", "1.3.6.1.5.5.7.1.1");
        Set<String> actualOids = new HashSet<>(cert.getCriticalExtensionOIDs());
        actualOids.addAll(cert.getNonCriticalExtensionOIDs());
        assertThat(actualOids).containsExactlyInAnyOrderElementsOf(expectedOids);

        // Lint: clean, except a Blank CA template given no key usage, which RFC 5280 forbids.
        List<String> problems = CertificateLinter.lint(cert, linterIssuer);
        if (row.ca() && expectedKu == null) {
            assertThat(problems).singleElement().asString().contains("keyCertSign");
        } else {
            assertThat(problems).isEmpty();
        }

        if ((row.ca() && apiGiven && csrGiven) || (OPENSSL_END_ENTITY_SUBSET.contains(name) && apiGiven && csrGiven)) {
            assertOpensslAgrees(cert, row, expectedKu, expectedEku, expectedSan);
        }
    }

    private static void assertOpensslAgrees(X509Certificate cert, AwsTemplateTable.Row row, int[] ku, List<String> eku,
            String san) {
        String text = Openssl.text(cert);
        Openssl.Block bc = Openssl.extension(text, "X509v3 Basic Constraints");
        assertThat(bc).isNotNull();
        assertThat(bc.critical()).isEqualTo(row.bcCritical());
        assertThat(bc.body()).startsWith(row.ca() ? "CA:TRUE" : "CA:FALSE");
        assertThat(bc.body().contains("pathlen:" + row.pathLen())).isEqualTo(row.pathLen() != null);
        Openssl.Block kuBlock = Openssl.extension(text, "X509v3 Key Usage");
        if (ku == null) {
            assertThat(kuBlock).isNull();
        } else {
            assertThat(kuBlock.critical()).isTrue();
            List<String> expected = Arrays.stream(ku).mapToObj(i -> OPENSSL_KU[i]).toList();
            assertThat(kuBlock.body().strip().split(", ")).containsExactlyInAnyOrderElementsOf(expected);
        }
        Openssl.Block ekuBlock = Openssl.extension(text, "X509v3 Extended Key Usage");
        if (eku == null) {
            assertThat(ekuBlock).isNull();
        } else {
            assertThat(ekuBlock.critical()).isEqualTo(!row.eku().isEmpty() && row.ekuCritical());
            assertThat(ekuBlock.body().strip().split(", "))
                    .containsExactlyInAnyOrderElementsOf(eku.stream().map(OPENSSL_EKU::get).toList());
        }
        assertThat(Openssl.extension(text, "X509v3 Subject Alternative Name").body()).contains("DNS:" + san);
        assertThat(Openssl.extension(text, "X509v3 Subject Key Identifier")).isNotNull();
        assertThat(Openssl.extension(text, "X509v3 Authority Key Identifier") == null).isEqualTo(row.root());
        if (!row.root()) {
            assertThat(Openssl.extension(text, "X509v3 CRL Distribution Points").body()).contains("URI:" + CDP);
            assertThat(Openssl.extension(text, "Authority Information Access").body())
                    .contains("OCSP - URI:" + OCSP).contains("CA Issuers - URI:" + CA_ISSUERS);
        }
    }

    private static void addIf(Set<String> set, boolean condition, String... oids) {
        if (condition) {
            set.addAll(List.of(oids));
        }
    }

    private static int[] kuIndices(boolean[] ku) {
        return ku == null ? null : IntStream.range(0, ku.length).filter(i -> ku[i]).toArray();
    }

    static byte[] sha1OfKey(KeyPair key) throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
    }

    static byte[] keyId(X509Certificate cert, String oid) {
        byte[] v = cert.getExtensionValue(oid);
        if (v == null) {
            return null;
        }
        byte[] octets = ASN1OctetString.getInstance(v).getOctets();
        return oid.equals("2.5.29.14") ? SubjectKeyIdentifier.getInstance(octets).getKeyIdentifier()
                : AuthorityKeyIdentifier.getInstance(octets).getKeyIdentifierObject().getOctets();
    }

    static List<String> policies(X509Certificate cert) {
        byte[] v = cert.getExtensionValue("2.5.29.32");
        if (v == null) {
            return null;
        }
        return Arrays.stream(CertificatePolicies.getInstance(ASN1OctetString.getInstance(v).getOctets()).getPolicyInformation())
                .map(PolicyInformation::getPolicyIdentifier).map(Object::toString).toList();
    }

    /** The URIs of a CDP (2.5.29.31) or AIA (1.3.6.1.5.5.7.1.1) extension, in order; null when absent. */
    static List<String> uris(X509Certificate cert, String oid) {
        byte[] v = cert.getExtensionValue(oid);
        if (v == null) {
            return null;
        }
        byte[] octets = ASN1OctetString.getInstance(v).getOctets();
        List<String> out = new ArrayList<>();
        if (oid.equals("2.5.29.31")) {
            for (var dp : CRLDistPoint.getInstance(octets).getDistributionPoints()) {
                for (GeneralName g : GeneralNames.getInstance(dp.getDistributionPoint().getName()).getNames()) {
                    out.add(g.getName().toString());
                }
            }
        } else {
            for (AccessDescription d : AuthorityInformationAccess.getInstance(octets).getAccessDescriptions()) {
                out.add(d.getAccessLocation().getName().toString());
            }
        }
        return out;
    }
}
