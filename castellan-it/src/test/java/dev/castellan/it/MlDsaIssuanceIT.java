package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.NamedParameterSpec;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * A post-quantum hierarchy: an ML-DSA-65 root and subordinate issuing an ML-DSA-65 code-signing certificate,
 * judged by two verifiers Castellan does not use: Python {@code cryptography} (signature by signature, as its
 * chain verifier refuses ML-DSA) and the JDK's own PKIX validator.
 */
class MlDsaIssuanceIT {
    private static final String T = "arn:aws:acm-pca:::template/";

    @Test
    void mlDsa65_rootSubordinateAndLeaf_verifyIndependently() throws Exception {
        Path tmp = WorkDir.create(getClass());
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null); AcmPcaClient pca = Clients.acmPca(server)) {
            String root = create(pca, CertificateAuthorityType.ROOT, "PQ Root");
            String rootCert = issue(pca, root, pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(root)).csr(),
                    "RootCACertificate/V1", 10);
            pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(root).certificate(bytes(rootCert)));

            String sub = create(pca, CertificateAuthorityType.SUBORDINATE, "PQ Issuing");
            String subCert = issue(pca, root, pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(sub)).csr(),
                    "SubordinateCACertificate_PathLen0/V1", 5);
            pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(sub).certificate(bytes(subCert))
                    .certificateChain(bytes(rootCert)));

            String leaf = issue(pca, sub, mlDsaCsr("CN=PQ Code Signer"), "CodeSigningCertificate/V1", 1);

            Files.writeString(tmp.resolve("root.pem"), rootCert);
            Files.writeString(tmp.resolve("sub.pem"), subCert);
            Files.writeString(tmp.resolve("leaf.pem"), leaf);
            Files.writeString(tmp.resolve("verify.py"), """
                    import sys
                    from cryptography import x509
                    def load(p):
                        return x509.load_pem_x509_certificate(open(p, 'rb').read())
                    root, sub, leaf = load('root.pem'), load('sub.pem'), load('leaf.pem')
                    for child, parent in ((root, root), (sub, root), (leaf, sub)):
                        parent.public_key().verify(child.signature, child.tbs_certificate_bytes)
                        assert child.issuer == parent.subject
                        print(child.subject.rfc4514_string(), child.signature_algorithm_oid.dotted_string, 'verified')
                    eku = leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
                    assert eku.critical and x509.oid.ExtendedKeyUsageOID.CODE_SIGNING in eku.value
                    """);
            Command.Result py = Command.run(tmp, "python3", "verify.py").requireSuccess();
            assertThat(py.stdout()).contains("2.16.840.1.101.3.4.3.18 verified").hasLineCount(3);

            CertificateFactory f = CertificateFactory.getInstance("X.509");
            X509Certificate r = cert(f, rootCert);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(r, null)));
            params.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(f.generateCertPath(List.of(cert(f, leaf), cert(f, subCert))), params);
            assertThat(cert(f, leaf).getSigAlgName()).isEqualToIgnoringCase("ML-DSA-65");
        }
    }

    private static String create(AcmPcaClient pca, CertificateAuthorityType type, String cn) {
        return pca.createCertificateAuthority(r -> r.certificateAuthorityType(type)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.ML_DSA_65)
                        .signingAlgorithm(SigningAlgorithm.ML_DSA_65).subject(s -> s.commonName(cn))))
                .certificateAuthorityArn();
    }

    private static String issue(AcmPcaClient pca, String ca, String csrPem, String template, long years) {
        String arn = pca.issueCertificate(r -> r.certificateAuthorityArn(ca).csr(bytes(csrPem))
                .signingAlgorithm(SigningAlgorithm.ML_DSA_65).templateArn(T + template)
                .validity(v -> v.type(ValidityPeriodType.YEARS).value(years))).certificateArn();
        return pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(arn)).certificate();
    }

    private static String mlDsaCsr(String subject) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
        g.initialize(new NamedParameterSpec("ML-DSA-65"));
        KeyPair k = g.generateKeyPair();
        ContentSigner signer = new ContentSigner() {
            final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();

            public org.bouncycastle.asn1.x509.AlgorithmIdentifier getAlgorithmIdentifier() {
                return new DefaultSignatureAlgorithmIdentifierFinder().find("ML-DSA-65");
            }

            public java.io.OutputStream getOutputStream() {
                return buf;
            }

            public byte[] getSignature() {
                try {
                    java.security.Signature s = java.security.Signature.getInstance("ML-DSA-65");
                    s.initSign(k.getPrivate());
                    s.update(buf.toByteArray());
                    return s.sign();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        java.io.StringWriter w = new java.io.StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), k.getPublic()).build(signer));
        }
        return w.toString();
    }

    private static SdkBytes bytes(String pem) {
        return SdkBytes.fromString(pem, StandardCharsets.US_ASCII);
    }

    private static X509Certificate cert(CertificateFactory f, String pem) throws Exception {
        return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
