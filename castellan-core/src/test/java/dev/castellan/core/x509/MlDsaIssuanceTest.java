package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.csr.CsrParser;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.testkit.Openssl;
import dev.castellan.core.testkit.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ML-DSA-65 end to end: an ML-DSA-65 root (JDK keys and signatures) issuing for an ML-DSA-65 subject key. */
class MlDsaIssuanceTest {

    @Test
    void assemble_mlDsa65SubjectAndIssuer_verifiesWithJdkAndPython(@TempDir Path dir) throws Exception {
        KeyPair caKey = TestPki.mlDsaKey("ML-DSA-65");
        X509Certificate root = TestPki.root(caKey, "O=Castellan Test,CN=ML-DSA-65 Root CA");
        KeyPair leafKey = TestPki.mlDsaKey("ML-DSA-65");
        PKCS10CertificationRequest csr = CsrParser.parse(TestPki.pem(
                TestPki.csr(leafKey, new X500Name("O=Castellan Test,CN=pq.example.com"), null)));
        assertThat(CsrParser.keyAlgorithmOf(csr.getSubjectPublicKeyInfo())).isEqualTo(KeyAlgorithm.ML_DSA_65);
        IssuanceScenario.Issuer issuer = new IssuanceScenario.Issuer(caKey, root);

        X509Certificate leaf = issuer.issue(csr, CertificateTemplate.defaultTemplate(), null);

        assertThat(root.getSigAlgOID()).isEqualTo("2.16.840.1.101.3.4.3.18");
        assertThat(leaf.getSigAlgOID()).isEqualTo("2.16.840.1.101.3.4.3.18");
        assertThat(leaf.getSigAlgParams()).isNull();
        leaf.verify(root.getPublicKey());
        root.verify(root.getPublicKey());
        // RFC 9881 §5: no keyEncipherment for an ML-DSA key, so EndEntityCertificate keeps digitalSignature only.
        assertThat(leaf.getKeyUsage()).startsWith(true, false, false, false, false, false, false);
        assertThat(CertificateLinter.lint(leaf, root)).isEmpty();
        assertThat(CertificateLinter.lint(root, null)).isEmpty();

        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(TestPki.NOW));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);

        Path leafFile = dir.resolve("leaf.der");
        Path rootFile = dir.resolve("root.der");
        Files.write(leafFile, leaf.getEncoded());
        Files.write(rootFile, root.getEncoded());
        String script = """
                import sys
                from cryptography import x509
                leaf = x509.load_der_x509_certificate(open(sys.argv[1], 'rb').read())
                root = x509.load_der_x509_certificate(open(sys.argv[2], 'rb').read())
                root.public_key().verify(leaf.signature, leaf.tbs_certificate_bytes)
                ku = leaf.extensions.get_extension_for_class(x509.KeyUsage)
                print('verified', ku.critical, ku.value.digital_signature, ku.value.key_encipherment)
                """;
        assertThat(Openssl.run("python3", "-c", script, leafFile.toString(), rootFile.toString()).strip())
                .isEqualTo("verified True True False");
    }

    @Test
    void assemble_ecIssuerAndMlDsa44Subject_crossFamilyChainVerifies() throws Exception {
        KeyPair caKey = TestPki.p256();
        X509Certificate root = TestPki.root(caKey, "CN=EC Root CA");
        KeyPair leafKey = TestPki.mlDsaKey("ML-DSA-44");
        PKCS10CertificationRequest csr = CsrParser.parse(TestPki.pem(TestPki.csr(leafKey, new X500Name("CN=mixed"), null)));

        X509Certificate leaf = new IssuanceScenario.Issuer(caKey, root)
                .issue(csr, CertificateTemplate.fromArn(CertificateTemplate.ARN_PREFIX + "CodeSigningCertificate/V1").orElseThrow(), null);

        leaf.verify(root.getPublicKey());
        assertThat(leaf.getPublicKey().getAlgorithm()).isIn("ML-DSA", "ML-DSA-44");
        assertThat(CertificateLinter.lint(leaf, root)).isEmpty();
    }
}
