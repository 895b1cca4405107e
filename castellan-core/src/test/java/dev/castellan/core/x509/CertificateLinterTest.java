package dev.castellan.core.x509;

import static dev.castellan.core.x509.RawCertificateBuilder.ext;
import static dev.castellan.core.x509.RawCertificateBuilder.time;
import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.testkit.TestPki;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.DERGeneralizedTime;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fixture carries one RFC 5280 defect, named after it; the linter must report it and nothing else. */
class CertificateLinterTest {
    private static KeyPair issuerKey;
    private static X509Certificate issuer;
    private static KeyPair subjectKey;
    private static KeyPair mlDsaKey;

    @BeforeAll
    static void keys() {
        issuerKey = TestPki.p256();
        issuer = TestPki.root(issuerKey, "O=Castellan Test,CN=Lint Root CA");
        subjectKey = TestPki.p256();
        mlDsaKey = TestPki.mlDsaKey("ML-DSA-65");
    }

    /** The defects, each with how to plant it in a clean certificate and a fragment of the expected report. */
    enum Defect {
        SERIAL_ZERO("is not positive", b -> b.serial = BigInteger.ZERO),
        SERIAL_NEGATIVE("is not positive", b -> b.serial = BigInteger.valueOf(-1234)),
        SERIAL_OF_21_OCTETS("21 octets", b -> b.serial = BigInteger.ONE.shiftLeft(160)),
        VERSION_1_WITH_EXTENSIONS("version 1", b -> b.version = 1),
        NOT_BEFORE_BEFORE_ISSUER("earlier than the issuer's Not Before",
                b -> b.notBefore = time(TestPki.NOW.minus(Duration.ofDays(2)))),
        NOT_AFTER_AFTER_ISSUER("later than the issuer's Not After",
                b -> b.notAfter = time(TestPki.NOW.plus(Duration.ofDays(4000)))),
        VALIDITY_INVERTED("is not later than Not Before", b -> {
            var t = b.notBefore;
            b.notBefore = b.notAfter;
            b.notAfter = t;
        }),
        GENERALIZED_TIME_BEFORE_2050("GeneralizedTime",
                b -> b.notAfter = new org.bouncycastle.asn1.x509.Time(new DERGeneralizedTime("20261228120000Z"))),
        ISSUER_NAME_MISMATCH("differs from the issuer certificate's subject", b -> b.issuerName = new X500Name("CN=Someone Else")),
        SIGNATURE_ALGORITHM_MISMATCH("differs from the certificate's signatureAlgorithm",
                b -> b.tbsAlgorithm = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA384withECDSA")),
        DUPLICATE_EXTENSION("appears 2 times", b -> b.extensions.add(ext(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "other.example.com"))))),
        SKI_MISSING("no subject key identifier", b -> b.set(Extension.subjectKeyIdentifier, null)),
        AKI_MISSING("no authority key identifier", b -> b.set(Extension.authorityKeyIdentifier, null)),
        AKI_MISMATCH("does not match the issuer's subject key identifier", b -> b.set(Extension.authorityKeyIdentifier,
                ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(new byte[] {1, 2, 3, 4})))),
        AKI_CRITICAL("authority key identifier is critical", b -> b.set(Extension.authorityKeyIdentifier,
                ext(Extension.authorityKeyIdentifier, true, new AuthorityKeyIdentifier(TestPki.subjectKeyId(issuer))))),
        KEY_CERT_SIGN_WITHOUT_CA("keyCertSign is set", b -> b.set(Extension.keyUsage,
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)))),
        CA_WITHOUT_KEY_CERT_SIGN("must have key usage keyCertSign", b -> {
            b.set(Extension.basicConstraints, ext(Extension.basicConstraints, true, new BasicConstraints(0)));
            b.set(Extension.extendedKeyUsage, null);
        }),
        CA_BASIC_CONSTRAINTS_NOT_CRITICAL("basic constraints must be critical", b -> {
            b.set(Extension.basicConstraints, ext(Extension.basicConstraints, false, new BasicConstraints(0)));
            b.set(Extension.keyUsage, ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature)));
        }),
        PATH_LENGTH_WITHOUT_CA("pathLenConstraint without cA", b -> b.set(Extension.basicConstraints,
                ext(Extension.basicConstraints, false, new DERSequence(new ASN1Integer(0))))),
        EMPTY_KEY_USAGE("sets no usage", b -> {
            b.set(Extension.keyUsage, ext(Extension.keyUsage, true, new KeyUsage(0)));
            b.set(Extension.extendedKeyUsage, null); // else serverAuth would also be inconsistent with it
        }),
        EKU_CRITICAL_WITH_ANY_PURPOSE("anyExtendedKeyUsage", b -> b.set(Extension.extendedKeyUsage,
                ext(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.anyExtendedKeyUsage)))),
        EKU_INCONSISTENT_WITH_KEY_USAGE("inconsistent with the key usage", b -> b.set(Extension.keyUsage,
                ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation)))),
        EMPTY_SUBJECT_WITH_NON_CRITICAL_SAN("alternative name must be critical",
                b -> b.subject = new X500Name(new org.bouncycastle.asn1.x500.RDN[0])),
        EMPTY_SUBJECT_WITHOUT_SAN("no subject alternative name", b -> {
            b.subject = new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
            b.set(Extension.subjectAlternativeName, null);
        }),
        COMMON_NAME_TOO_LONG("longer than 64", b -> b.subject = new X500NameBuilder()
                .addRDN(BCStyle.CN, new DERUTF8String("x".repeat(65))).build()),
        NAME_CONSTRAINTS_ON_END_ENTITY("not a CA", b -> b.extensions.add(ext(Extension.nameConstraints, true,
                org.bouncycastle.asn1.x509.NameConstraints.getInstance(
                        NameConstraintsEncoder.encode(List.of("example.com"), List.of()))))),
        AIA_CRITICAL("Authority information access must not be critical", b -> b.extensions.add(
                ext(Extension.authorityInfoAccess, true, new AuthorityInformationAccess(AccessDescription.id_ad_ocsp,
                        new GeneralName(GeneralName.uniformResourceIdentifier, "http://ocsp.example.com"))))),
        ML_DSA_KEY_WITH_KEY_ENCIPHERMENT("RFC 9881", b -> {
            b.publicKey = SubjectPublicKeyInfo.getInstance(mlDsaKey.getPublic().getEncoded());
            b.set(Extension.keyUsage, ext(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment)));
        });

        final String fragment;
        final Consumer<RawCertificateBuilder> plant;

        Defect(String fragment, Consumer<RawCertificateBuilder> plant) {
            this.fragment = fragment;
            this.plant = plant;
        }
    }

    @Test
    void lint_cleanFixture_reportsNothing() {
        byte[] der = new RawCertificateBuilder(issuerKey, issuer, subjectKey).der();

        assertThat(CertificateLinter.lint(der, issuer)).isEmpty();
        assertThat(CertificateLinter.lint(TestPki.toJdk(der), issuer)).isEmpty();
        assertThat(CertificateLinter.lint(issuer, null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Defect.class)
    void lint_fixtureWithOneDefect_reportsExactlyThatDefect(Defect defect) {
        RawCertificateBuilder b = new RawCertificateBuilder(issuerKey, issuer, subjectKey);
        defect.plant.accept(b);

        List<String> problems = CertificateLinter.lint(b.der(), issuer);

        assertThat(problems).singleElement().asString().contains(defect.fragment);
    }

    @Test
    void lint_garbage_reportsThatItDoesNotParse() {
        assertThat(CertificateLinter.lint(new byte[] {0x30, 0x03, 0x02, 0x01}, issuer))
                .singleElement().asString().contains("does not parse");
    }

    @Test
    void lint_selfSignedLintedWithoutIssuerButNamedDifferently_reportsNameMismatch() {
        RawCertificateBuilder b = new RawCertificateBuilder(issuerKey, issuer, issuerKey);
        b.set(Extension.authorityKeyIdentifier, null);

        assertThat(CertificateLinter.lint(b.der(), null)).singleElement().asString().contains("self-signed");
    }

    @Test
    void lint_notAfterBeyondIssuer_isReportedEvenWhenJustOneSecondLate() {
        RawCertificateBuilder b = new RawCertificateBuilder(issuerKey, issuer, subjectKey);
        Instant issuerEnd = issuer.getNotAfter().toInstant();
        b.notAfter = time(issuerEnd.plusSeconds(1));

        assertThat(CertificateLinter.lint(b.der(), issuer)).singleElement().asString().contains("issuer's Not After");
    }
}
