package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.CustomExtensionSpec;
import dev.castellan.core.model.ExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.testkit.TestPki;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A two-level chain: "Example Root CA" constrains every form (DNS, email, IP v4/v6, directory name, URI), and
 * "Dev Issuing CA" below it narrows DNS and URI and excludes some names. Both CA certificates are issued by
 * {@link CertificateAssembler} with the constraints as API custom extensions.
 */
class NameConstraintsCheckTest {
    private static final String ROOT = "CN=Example Root CA,O=Example,C=US";
    private static final String DEV = "CN=Dev Issuing CA,O=Example,C=US";
    private static KeyPair devKey;
    private static X509Certificate root;
    private static X509Certificate dev;

    @BeforeAll
    static void chain() throws IOException {
        KeyPair rootKey = TestPki.p256();
        devKey = TestPki.p256();
        NameConstraints rootNc = new NameConstraints(new GeneralSubtree[] {
                dns("example.com"), new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, "example.com")),
                new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, ".example.com")),
                ip(10, 0, 0, 0, 255, 0, 0, 0), ipv6("20010db8000000000000000000000000", "ffffffff000000000000000000000000"),
                new GeneralSubtree(new GeneralName(new X500Name("C=US,O=Example"))),
                new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, ".example.com"))}, null);
        NameConstraints devNc = new NameConstraints(new GeneralSubtree[] {dns("dev.example.com"),
                new GeneralSubtree(new GeneralName(GeneralName.uniformResourceIdentifier, ".dev.example.com"))},
                new GeneralSubtree[] {dns(".prod.dev.example.com"), ip(10, 66, 0, 0, 255, 255, 0, 0),
                        new GeneralSubtree(new GeneralName(GeneralName.rfc822Name, "ceo@dev.example.com")),
                        new GeneralSubtree(new GeneralName(new X500Name("C=US,O=Example,OU=Secret")))});

        X500Name rootName = new X500Name("C=US,O=Example,CN=Example Root CA");
        PKCS10CertificationRequest rootCsr = TestPki.csr(rootKey, rootName, null);
        root = TestPki.sign(CertificateAssembler.assemble(IssuanceScenario.selfSigned(rootCsr, rootKey,
                CertificateAssemblerTest.template("RootCACertificate_APIPassthrough"), custom(rootNc), rootName)), rootKey);
        PKCS10CertificationRequest devCsr = TestPki.csr(devKey, new X500Name("C=US,O=Example,CN=Dev Issuing CA"), null);
        dev = new IssuanceScenario.Issuer(rootKey, root).issue(devCsr,
                CertificateAssemblerTest.template("SubordinateCACertificate_PathLen0_APIPassthrough"), custom(devNc));
        assertThat(CertificateLinter.lint(dev, root)).isEmpty();
    }

    /**
     * One request: its subject, its SANs, the error fragment expected (null = allowed), and whether the JDK's PKIX
     * validator is a fair oracle. It is not for violations of the root's constraints (a JDK TrustAnchor never
     * applies its certificate's own name constraints), nor for leading-dot DNS constraints or host-less URIs,
     * which the JDK reads differently.
     */
    record Case(String label, String subject, List<GeneralName> sans, String error, boolean jdkAgrees) {}

    static Stream<Arguments> cases() {
        String ex = "is excluded by the name constraints of " + DEV;
        String notDev = "is not permitted by the name constraints of " + DEV;
        String notRoot = "is not permitted by the name constraints of " + ROOT;
        // A host-like CN inside the dev subtree: both we and the JDK check the CN as a DNS name.
        String leaf = "C=US,O=Example,CN=leaf.dev.example.com";
        return Stream.of(
                new Case("every form inside", "C=US,O=Example,CN=api.dev.example.com", List.of(dnsName("api.dev.example.com"),
                        dnsName("dev.example.com"), ipName("10.1.2.3"), ipName("2001:db8::1"), email("bob@dev.example.com"),
                        email("Bob@DEV.EXAMPLE.COM"), uri("https://svc.dev.example.com/path"),
                        X509Names.toGeneralName(new GeneralNameSpec.Other("1.3.6.1.4.1.311.20.2.3", "bob@example.com"))), null, true),
                new Case("CN not a host name", "C=US,O=Example,CN=Bob Smith", List.of(dnsName("x.dev.example.com")), null, true),
                new Case("empty subject", "", List.of(dnsName("a.dev.example.com")), null, true),
                new Case("leading dot excludes subdomains only", leaf, List.of(dnsName("prod.dev.example.com")), null, true),
                new Case("DNS excluded", leaf, List.of(dnsName("api.prod.dev.example.com")),
                        "DNS name api.prod.dev.example.com " + ex + " (excluded: .prod.dev.example.com)", false),
                new Case("DNS outside issuing CA", leaf, List.of(dnsName("www.example.com")),
                        "DNS name www.example.com " + notDev + " (permitted: dev.example.com)", true),
                new Case("DNS label boundary", leaf, List.of(dnsName("wwwdev.example.com")), "wwwdev.example.com " + notDev, true),
                new Case("DNS elsewhere", leaf, List.of(dnsName("evil.com")), "evil.com " + notDev, true),
                new Case("IPv4 excluded", leaf, List.of(ipName("10.66.1.1")), "IP address 10.66.1.1 " + ex + " (excluded: 10.66.0.0/16)", true),
                new Case("IPv4 outside root", leaf, List.of(ipName("192.168.1.1")),
                        "IP address 192.168.1.1 " + notRoot + " (permitted: 10.0.0.0/8, 2001:db8:0:0:0:0:0:0/32)", false),
                new Case("IPv6 outside root", leaf, List.of(ipName("2001:db9::1")), notRoot, false),
                new Case("email excluded", leaf, List.of(email("ceo@dev.example.com")),
                        "Email address ceo@dev.example.com " + ex + " (excluded: ceo@dev.example.com)", true),
                new Case("email outside root", leaf, List.of(email("alice@other.org")), "alice@other.org " + notRoot, false),
                new Case("subject email outside root", "C=US,O=Example,CN=alice.dev.example.com,E=alice@other.org", List.of(),
                        "Email address alice@other.org (subject) " + notRoot, false),
                new Case("subject DN outside root", "C=US,O=Other,CN=x", List.of(dnsName("x.dev.example.com")),
                        "Subject C=US,O=Other,CN=x " + notRoot + " (permitted: C=US,O=Example)", false),
                new Case("subject DN excluded", "C=US,O=Example,OU=Secret,CN=x", List.of(dnsName("x.dev.example.com")),
                        "Subject C=US,O=Example,OU=Secret,CN=x " + ex, true),
                new Case("directory SAN outside root", leaf, List.of(new GeneralName(new X500Name("C=US,O=Other"))),
                        "Directory name C=US,O=Other " + notRoot, false),
                new Case("CN checked as DNS", "C=US,O=Example,CN=api.prod.dev.example.com", List.of(),
                        "Common name api.prod.dev.example.com (checked as a DNS name) " + ex, false),
                new Case("URI outside issuing CA", leaf, List.of(uri("https://evil.com/")), "URI https://evil.com/ " + notDev, true),
                new Case("URI without host", leaf, List.of(uri("urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")),
                        "cannot be checked", false))
                .map(c -> Arguments.of(c.label(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void check_requestAgainstTwoLevelChain_permitsOrNamesTheViolation(String label, Case c) throws Exception {
        X500Name subject = new X500Name(c.subject());
        GeneralNames sans = c.sans().isEmpty() ? null : new GeneralNames(c.sans().toArray(GeneralName[]::new));

        if (c.error() == null) {
            assertThatCode(() -> NameConstraintsCheck.check(subject, sans, List.of(dev, root))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> NameConstraintsCheck.check(subject, sans, List.of(dev, root)))
                    .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST))
                    .hasMessageContaining(c.error());
        }
        if (c.jdkAgrees()) {
            // The JDK's own PKIX validator, on a real leaf issued under the chain, must reach the same verdict.
            assertThat(jdkAccepts(leafWith(subject, sans))).isEqualTo(c.error() == null);
        }
    }

    @Test
    void check_chainWithoutConstraints_permitsAnything() {
        X509Certificate plain = TestPki.root(TestPki.p256(), "CN=Plain Root");

        assertThatCode(() -> NameConstraintsCheck.check(new X500Name("CN=anything.evil.com"),
                new GeneralNames(dnsName("evil.com")), List.of(plain))).doesNotThrowAnyException();
    }

    @Test
    void check_dnsOnlyConstraintsFromEncoder_leaveOtherFormsFree() throws Exception {
        byte[] nc = NameConstraintsEncoder.encode(List.of("corp.example"), List.of());
        KeyPair key = TestPki.p256();
        X500Name name = new X500Name("CN=Corp Root");
        X509Certificate corp = TestPki.sign(CertificateAssembler.assemble(IssuanceScenario.selfSigned(
                TestPki.csr(key, name, null), key, CertificateAssemblerTest.template("RootCACertificate_APIPassthrough"),
                new ApiPassthroughSpec(null, new ExtensionsSpec(null, null, null, null,
                        List.of(new CustomExtensionSpec("2.5.29.30", nc, true)))), name)), key);

        assertThatCode(() -> NameConstraintsCheck.check(new X500Name("CN=Printer"),
                new GeneralNames(new GeneralName[] {dnsName("printer.corp.example"), ipName("192.0.2.1")}), List.of(corp)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> NameConstraintsCheck.check(new X500Name("CN=Printer"),
                new GeneralNames(dnsName("printer.corp.example.evil.com")), List.of(corp)))
                .hasMessageContaining("(permitted: corp.example)");
    }

    private static X509Certificate leafWith(X500Name subject, GeneralNames sans) throws IOException {
        KeyPair key = TestPki.p256();
        org.bouncycastle.asn1.x509.Extensions requested = sans == null ? null : new org.bouncycastle.asn1.x509.Extensions(
                new Extension(Extension.subjectAlternativeName, subject.getRDNs().length == 0, sans.getEncoded(ASN1Encoding.DER)));
        PKCS10CertificationRequest csr = TestPki.csr(key, subject, requested);
        return new IssuanceScenario.Issuer(devKey, dev).issue(csr, CertificateAssemblerTest.template("EndEntityCertificate"), null);
    }

    private static boolean jdkAccepts(X509Certificate leaf) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(TestPki.NOW.plus(Duration.ofMinutes(1))));
        try {
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, dev)), params);
            return true;
        } catch (CertPathValidatorException e) {
            return false;
        }
    }

    private static ApiPassthroughSpec custom(NameConstraints nc) throws IOException {
        return new ApiPassthroughSpec(null, new ExtensionsSpec(null, null, null, null,
                List.of(new CustomExtensionSpec("2.5.29.30", nc.getEncoded(ASN1Encoding.DER), true))));
    }

    private static GeneralSubtree dns(String name) {
        return new GeneralSubtree(dnsName(name));
    }

    private static GeneralSubtree ip(int... addressAndMask) {
        byte[] b = new byte[addressAndMask.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) addressAndMask[i];
        }
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(b)));
    }

    private static GeneralSubtree ipv6(String addressHex, String maskHex) {
        byte[] b = java.util.HexFormat.of().parseHex(addressHex + maskHex);
        return new GeneralSubtree(new GeneralName(GeneralName.iPAddress, new DEROctetString(b)));
    }

    private static GeneralName dnsName(String n) {
        return new GeneralName(GeneralName.dNSName, n);
    }

    private static GeneralName ipName(String ip) {
        return X509Names.toGeneralName(new GeneralNameSpec.IpAddress(ip));
    }

    private static GeneralName email(String e) {
        return new GeneralName(GeneralName.rfc822Name, e);
    }

    private static GeneralName uri(String u) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, u);
    }
}
