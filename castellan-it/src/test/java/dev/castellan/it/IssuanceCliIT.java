package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The workflows users follow with AWS Private CA, typed with the stock AWS CLI: a root that issues and imports
 * its own certificate, a PathLen0 subordinate, an e-mail protection certificate through API passthrough and a
 * smart-card logon certificate through CSR passthrough. OpenSSL judges every chain.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuanceCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String T = "arn:aws:acm-pca:::template/";

    ServerProcess server;
    Path work;
    String rootArn;
    String subArn;

    @BeforeAll
    void start() throws Exception {
        Path tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    JsonNode aws(String... args) throws Exception {
        Command.Result r = Command.aws(work, server, args).requireSuccess();
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    Command.Result openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Command.run(work, cmd);
    }

    /** Issues with the CLI, waits as users do, and writes the certificate (and chain) to files. */
    String issue(String caArn, String csrFile, String template, String signing, String validity, String out, String... extra)
            throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("acm-pca", "issue-certificate",
                "--certificate-authority-arn", caArn, "--csr", "fileb://" + csrFile, "--signing-algorithm", signing,
                "--template-arn", T + template, "--validity", validity));
        args.addAll(java.util.List.of(extra));
        String certArn = aws(args.toArray(String[]::new)).get("CertificateArn").asText();
        assertThat(certArn).startsWith(caArn + "/certificate/");
        Command.aws(work, server, "acm-pca", "wait", "certificate-issued", "--certificate-authority-arn", caArn,
                "--certificate-arn", certArn).requireSuccess();
        JsonNode got = aws("acm-pca", "get-certificate", "--certificate-authority-arn", caArn, "--certificate-arn", certArn);
        Files.writeString(work.resolve(out + ".pem"), got.get("Certificate").asText());
        if (got.has("CertificateChain")) {
            Files.writeString(work.resolve(out + "-chain.pem"), got.get("CertificateChain").asText());
        }
        return certArn;
    }

    String text(String pemFile) throws Exception {
        return openssl("x509", "-in", pemFile, "-noout", "-text").requireSuccess().stdout();
    }

    @Test
    @Order(1)
    void root_issuesItsOwnCertificateAndImportsIt() throws Exception {
        Files.writeString(work.resolve("root.json"), """
                {"KeyAlgorithm":"EC_prime256v1","SigningAlgorithm":"SHA256WITHECDSA",
                 "Subject":{"Country":"US","Organization":"Example Corp","CommonName":"Example Root CA"}}""");
        rootArn = aws("acm-pca", "create-certificate-authority", "--certificate-authority-type", "ROOT",
                "--certificate-authority-configuration", "file://root.json").get("CertificateAuthorityArn").asText();
        Files.writeString(work.resolve("root.csr"), aws("acm-pca", "get-certificate-authority-csr",
                "--certificate-authority-arn", rootArn).get("Csr").asText());
        issue(rootArn, "root.csr", "RootCACertificate/V1", "SHA256WITHECDSA", "Value=10,Type=YEARS", "root");
        aws("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", rootArn,
                "--certificate", "fileb://root.pem");
        assertThat(aws("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", rootArn)
                .at("/CertificateAuthority/Status").asText()).isEqualTo("ACTIVE");
        String t = text("root.pem");
        assertThat(t).contains("CA:TRUE").doesNotContain("pathlen").contains("Certificate Sign, CRL Sign");
        assertThat(openssl("verify", "-CAfile", "root.pem", "root.pem").requireSuccess().stdout()).contains("OK");
    }

    @Test
    @Order(2)
    void subordinate_pathLen0_issuedByRootAndImported() throws Exception {
        Files.writeString(work.resolve("sub.json"), """
                {"KeyAlgorithm":"EC_prime256v1","SigningAlgorithm":"SHA256WITHECDSA",
                 "Subject":{"Country":"US","Organization":"Example Corp","CommonName":"Example Issuing CA"}}""");
        subArn = aws("acm-pca", "create-certificate-authority", "--certificate-authority-type", "SUBORDINATE",
                "--certificate-authority-configuration", "file://sub.json").get("CertificateAuthorityArn").asText();
        Files.writeString(work.resolve("sub.csr"), aws("acm-pca", "get-certificate-authority-csr",
                "--certificate-authority-arn", subArn).get("Csr").asText());
        issue(rootArn, "sub.csr", "SubordinateCACertificate_PathLen0/V1", "SHA256WITHECDSA", "Value=5,Type=YEARS", "sub");
        aws("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", subArn,
                "--certificate", "fileb://sub.pem", "--certificate-chain", "fileb://sub-chain.pem");
        assertThat(text("sub.pem")).contains("CA:TRUE, pathlen:0");
        assertThat(openssl("verify", "-CAfile", "root.pem", "sub.pem").requireSuccess().stdout()).contains("OK");
    }

    @Test
    @Order(3)
    void emailProtection_throughApiPassthrough() throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "alice.key",
                "-out", "alice.csr", "-subj", "/CN=Alice Example").requireSuccess();
        Files.writeString(work.resolve("email.json"), """
                {"Extensions":{"KeyUsage":{"DigitalSignature":true,"KeyEncipherment":true},
                 "ExtendedKeyUsage":[{"ExtendedKeyUsageType":"EMAIL_PROTECTION"}],
                 "SubjectAlternativeNames":[{"Rfc822Name":"alice@example.com"}]}}""");
        issue(subArn, "alice.csr", "BlankEndEntityCertificate_APIPassthrough/V1", "SHA256WITHECDSA", "Value=365,Type=DAYS",
                "alice", "--api-passthrough", "file://email.json");
        String t = text("alice.pem");
        assertThat(t).contains("X509v3 Key Usage: critical").contains("Digital Signature, Key Encipherment")
                .contains("E-mail Protection").contains("email:alice@example.com").contains("CA:FALSE");
        assertThat(openssl("verify", "-CAfile", "root.pem", "-untrusted", "sub.pem", "-purpose", "smimesign", "alice.pem")
                .requireSuccess().stdout()).contains("OK");
    }

    @Test
    @Order(4)
    void smartCardLogon_throughCsrPassthrough() throws Exception {
        Files.writeString(work.resolve("smartcard.cnf"), """
                [req]
                distinguished_name = dn
                req_extensions = ext
                prompt = no
                [dn]
                CN = Bob Smartcard
                [ext]
                keyUsage = critical, digitalSignature, keyEncipherment
                extendedKeyUsage = clientAuth, msSmartcardLogin
                subjectAltName = otherName:1.3.6.1.4.1.311.20.2.3;UTF8:bob@corp.example.com
                """);
        openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "bob.key", "-out", "bob.csr",
                "-config", "smartcard.cnf").requireSuccess();
        issue(subArn, "bob.csr", "BlankEndEntityCertificate_CSRPassthrough/V1", "SHA256WITHECDSA", "Value=365,Type=DAYS", "bob");
        String t = text("bob.pem");
        assertThat(t).contains("TLS Web Client Authentication").contains("Microsoft Smartcard Login")
                .contains("othername: UPN:").contains("bob@corp.example.com").contains("Digital Signature, Key Encipherment");
        assertThat(openssl("verify", "-CAfile", "root.pem", "-untrusted", "sub.pem", "bob.pem").requireSuccess().stdout())
                .contains("OK");
    }

    @Test
    @Order(5)
    void defaultTemplate_serverAndClientAuth_andRestartKeepsCaKeySigning() throws Exception {
        openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "web.key",
                "-out", "web.csr", "-subj", "/CN=www.example.com", "-addext", "subjectAltName=DNS:www.example.com")
                .requireSuccess();
        issue(subArn, "web.csr", "EndEntityCertificate/V1", "SHA256WITHECDSA", "Value=90,Type=DAYS", "web");
        assertThat(text("web.pem")).contains("TLS Web Server Authentication, TLS Web Client Authentication")
                .contains("DNS:www.example.com");

        server.restart();
        issue(subArn, "web.csr", "EndEntityServerAuthCertificate/V1", "SHA256WITHECDSA", "Value=30,Type=DAYS", "web2");
        assertThat(openssl("verify", "-CAfile", "root.pem", "-untrusted", "sub.pem", "web2.pem").requireSuccess().stdout())
                .contains("OK");
    }
}
