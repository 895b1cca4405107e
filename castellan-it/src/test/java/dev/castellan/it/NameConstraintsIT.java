package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.InvalidRequestException;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;

/**
 * The name-constraints workflow: encode constraints with {@code castellan name-constraints}, issue a subordinate
 * CA certificate carrying them through API passthrough with the AWS CLI, then watch that CA refuse an excluded
 * name before anything is signed, while OpenSSL accepts what it did issue.
 */
class NameConstraintsIT {

    @Test
    void constrainedSubordinate_refusesExcludedAndForeignNames() throws Exception {
        Path tmp = WorkDir.create(getClass());
        Path work = Files.createDirectories(tmp.resolve("work"));
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null); AcmPcaClient pca = Clients.acmPca(server)) {
            String root = Pki.activeRoot(pca, KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, "NC Root");
            String sub = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.SUBORDINATE)
                    .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                            .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName("Dev Issuing CA"))))
                    .certificateAuthorityArn();
            Files.writeString(work.resolve("sub.csr"), pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(sub)).csr());

            Command.Result encoded = Command.run(work, Map.of(), List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    "dev.castellan.server.Main", "name-constraints", "-p", ".dev.example.com", "-e", ".prod.dev.example.com"))
                    .requireSuccess();
            Files.writeString(work.resolve("nc.json"), encoded.stdout());

            String certArn = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Command.aws(work, server,
                    "acm-pca", "issue-certificate", "--certificate-authority-arn", root, "--csr", "fileb://sub.csr",
                    "--signing-algorithm", "SHA256WITHECDSA", "--validity", "Value=2,Type=YEARS",
                    "--template-arn", "arn:aws:acm-pca:::template/SubordinateCACertificate_PathLen0_APIPassthrough/V1",
                    "--api-passthrough", "file://nc.json").requireSuccess().stdout()).get("CertificateArn").asText();
            var subCert = pca.getCertificate(r -> r.certificateAuthorityArn(root).certificateArn(certArn));
            Files.writeString(work.resolve("sub.pem"), subCert.certificate());
            Files.writeString(work.resolve("root.pem"), subCert.certificateChain());
            assertThat(Command.run(work, "openssl", "x509", "-in", "sub.pem", "-noout", "-text").requireSuccess().stdout())
                    .contains("X509v3 Name Constraints: critical").contains("Permitted:").contains("DNS:.dev.example.com")
                    .contains("Excluded:").contains("DNS:.prod.dev.example.com");
            pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(sub)
                    .certificate(SdkBytes.fromString(subCert.certificate(), StandardCharsets.US_ASCII))
                    .certificateChain(SdkBytes.fromString(subCert.certificateChain(), StandardCharsets.US_ASCII)));

            SdkBytes inside = csrWithSan("api.dev.example.com");
            SdkBytes excluded = csrWithSan("db.prod.dev.example.com");
            SdkBytes foreign = csrWithSan("www.example.org");
            String okArn = pca.issueCertificate(r -> r.certificateAuthorityArn(sub)
                    .csr(inside).signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                    .validity(v -> v.type("DAYS").value(30L))).certificateArn();
            var ok = pca.getCertificate(r -> r.certificateAuthorityArn(sub).certificateArn(okArn));
            Files.writeString(work.resolve("ok.pem"), ok.certificate());
            assertThat(Command.run(work, "openssl", "verify", "-CAfile", "root.pem", "-untrusted", "sub.pem", "ok.pem")
                    .requireSuccess().stdout()).contains("OK");

            assertThatThrownBy(() -> pca.issueCertificate(r -> r.certificateAuthorityArn(sub)
                    .csr(excluded).signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                    .validity(v -> v.type("DAYS").value(30L))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("db.prod.dev.example.com")
                    .hasMessageContaining(".prod.dev.example.com");
            assertThatThrownBy(() -> pca.issueCertificate(r -> r.certificateAuthorityArn(sub)
                    .csr(foreign).signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                    .validity(v -> v.type("DAYS").value(30L))))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("www.example.org");
        }
    }

    private static SdkBytes csrWithSan(String dns) throws Exception {
        var key = Pki.p256();
        var gen = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        gen.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, dns)));
        var csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + dns), key.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, gen.generate())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        java.io.StringWriter w = new java.io.StringWriter();
        try (var pw = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(w)) {
            pw.writeObject(csr);
        }
        return SdkBytes.fromString(w.toString(), StandardCharsets.US_ASCII);
    }
}
