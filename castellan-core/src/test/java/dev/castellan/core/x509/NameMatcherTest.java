package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 5280 §4.2.1.10 matching, form by form. */
class NameMatcherTest {

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "example.com, example.com, true",
            "www.example.com, example.com, true",
            "a.b.example.com, example.com, true",
            "WWW.Example.COM, example.com, true",
            "www.example.com., example.com, true",
            "wwwexample.com, example.com, false",
            "example.com.evil.org, example.com, false",
            "example.com, .example.com, false",
            "www.example.com, .example.com, true",
            "*.example.com, example.com, true",
            "anything.org, '', true"})
    void dns_nameAndConstraint_matchByLabels(String name, String constraint, boolean expected) {
        assertThat(NameMatcher.dns(name, constraint)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "bob@example.com, bob@example.com, true",
            "bob@EXAMPLE.com, bob@example.com, true",
            "Bob@example.com, bob@example.com, false",
            "alice@example.com, bob@example.com, false",
            "bob@example.com, example.com, true",
            "bob@mail.example.com, example.com, false",
            "bob@mail.example.com, .example.com, true",
            "bob@example.com, .example.com, false"})
    void email_addressAndConstraint_matchMailboxHostOrDomain(String address, String constraint, boolean expected) {
        assertThat(NameMatcher.email(address, constraint)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "https://host.example.com/x, host.example.com, true",
            "https://other.example.com/x, host.example.com, false",
            "https://a.example.com:8443/x, .example.com, true",
            "https://example.com/x, .example.com, false"})
    void uriHost_uriAndConstraint_matchTheHostOnly(String uri, String constraint, boolean expected) {
        assertThat(NameMatcher.uriHost(NameMatcher.hostOf(uri), constraint)).isEqualTo(expected);
    }

    @Test
    void hostOf_uriWithoutDomainHost_isNull() {
        assertThat(NameMatcher.hostOf("urn:isbn:0451450523")).isNull();
        assertThat(NameMatcher.hostOf("https://192.0.2.1/")).isNull();
        assertThat(NameMatcher.hostOf("https://[2001:db8::1]/")).isNull();
        assertThat(NameMatcher.hostOf("not a uri")).isNull();
    }

    @Test
    void ip_addressAndMask_matchWithinFamilyOnly() throws Exception {
        byte[] v4 = HexFormat.of().parseHex("0a000000ff000000");
        byte[] v6 = HexFormat.of().parseHex("20010db8000000000000000000000000ffffffff000000000000000000000000");

        assertThat(NameMatcher.ip(InetAddress.ofLiteral("10.200.3.4").getAddress(), v4)).isTrue();
        assertThat(NameMatcher.ip(InetAddress.ofLiteral("11.0.0.1").getAddress(), v4)).isFalse();
        assertThat(NameMatcher.ip(InetAddress.ofLiteral("2001:db8::5").getAddress(), v6)).isTrue();
        assertThat(NameMatcher.ip(InetAddress.ofLiteral("2001:db8::5").getAddress(), v4)).isFalse();
        assertThat(NameMatcher.ip(InetAddress.ofLiteral("10.0.0.1").getAddress(), v6)).isFalse();
        assertThat(NameMatcher.describeIpConstraint(v4)).isEqualTo("10.0.0.0/8");
        assertThat(NameMatcher.describeIpConstraint(HexFormat.of().parseHex("0a000000ff00ff00"))).isEqualTo("10.0.0.0 mask ff00ff00");
    }

    @Test
    void directory_constraintIsPrefixOfRdns() {
        X500Name constraint = new X500Name("C=US,O=Example");

        assertThat(NameMatcher.directory(new X500Name("C=US,O=Example,OU=Dev,CN=x"), constraint)).isTrue();
        assertThat(NameMatcher.directory(new X500Name("C=us,O=example,CN=x"), constraint)).isTrue();
        assertThat(NameMatcher.directory(new X500Name("C=US,O=Example"), constraint)).isTrue();
        assertThat(NameMatcher.directory(new X500Name("C=US"), constraint)).isFalse();
        assertThat(NameMatcher.directory(new X500Name("O=Example,C=US,CN=x"), constraint)).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"www.example.com, true", "*.example.com, true", "xn--bcher-kva.example, true", "Bob Smith, false",
            "localhost, false", "10.1.2.3, false", "a_b.example.com, false"})
    void looksLikeHostname_commonNames_onlyDottedLdhNames(String cn, boolean expected) {
        assertThat(NameMatcher.looksLikeHostname(cn)).isEqualTo(expected);
    }
}
