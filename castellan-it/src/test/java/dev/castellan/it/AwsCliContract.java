package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.OpenSsl;
import dev.castellan.it.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stock AWS CLI (v1, from the machine's python3), configured only by the export lines that
 * {@code castellan env} prints, running the CA lifecycle the way an operator would type it; run on SQLite and
 * on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AwsCliContract {
    /** JDBC URL of a fresh database, or null for the server's embedded SQLite. */
    abstract String databaseUrl();

    private static final ObjectMapper JSON = new ObjectMapper();

    Path tmp;

    ServerProcess server;
    Map<String, String> env;
    Path work;

    @BeforeAll
    void start() throws Exception {
        tmp = dev.castellan.it.support.WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), databaseUrl());
        work = Files.createDirectories(tmp.resolve("work"));
        env = exportsOf(castellanEnv());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /** Runs {@code castellan env} exactly as {@code eval "$(./castellan env)"} would. */
    private String castellanEnv() throws Exception {
        Command.Result r = Command.run(work, Map.of(), List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "dev.castellan.server.Main", "env", "--data-dir", server.dataDir().toString())).requireSuccess();
        return r.stdout();
    }

    private static Map<String, String> exportsOf(String script) {
        Map<String, String> out = new HashMap<>();
        for (String line : script.split("\n")) {
            if (line.startsWith("export ")) {
                String[] kv = line.substring(7).split("=", 2);
                out.put(kv[0], kv[1].replaceAll("^'|'$", ""));
            }
        }
        return out;
    }

    private Command.Result aws(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", "-m", "awscli"));
        cmd.addAll(List.of(args));
        Map<String, String> e = new HashMap<>(env);
        e.put("AWS_CONFIG_FILE", "/dev/null");
        e.put("AWS_MAX_ATTEMPTS", "1");
        return Command.run(work, e, cmd);
    }

    private JsonNode awsJson(String... args) throws Exception {
        Command.Result r = aws(args).requireSuccess();
        return r.stdout().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.stdout());
    }

    @Test
    void env_printsTheFourExports() throws Exception {
        assertThat(env).containsOnlyKeys("AWS_ENDPOINT_URL", "AWS_SHARED_CREDENTIALS_FILE", "AWS_REGION", "AWS_DEFAULT_REGION");
        assertThat(env.get("AWS_ENDPOINT_URL")).isEqualTo(server.endpoint());
        assertThat(Files.getPosixFilePermissions(Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void cli_subordinateLifecycle_endToEnd() throws Exception {
        Files.writeString(work.resolve("config.json"), """
                {"KeyAlgorithm":"EC_secp384r1","SigningAlgorithm":"SHA384WITHECDSA",
                 "Subject":{"Country":"US","Organization":"Example Corp","OrganizationalUnit":"PKI","CommonName":"CLI Issuing CA"},
                 "CsrExtensions":{"KeyUsage":{"KeyCertSign":true,"CRLSign":true,"DigitalSignature":true}}}
                """);
        String arn = awsJson("acm-pca", "create-certificate-authority", "--certificate-authority-type", "SUBORDINATE",
                "--certificate-authority-configuration", "file://config.json", "--idempotency-token", "cli-token-1",
                "--tags", "Key=team,Value=platform").get("CertificateAuthorityArn").asText();
        aws("acm-pca", "wait", "certificate-authority-csr-created", "--certificate-authority-arn", arn).requireSuccess();

        JsonNode described = awsJson("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", arn);
        assertThat(described.at("/CertificateAuthority/Status").asText()).isEqualTo("PENDING_CERTIFICATE");
        assertThat(described.at("/CertificateAuthority/CertificateAuthorityConfiguration/Subject/CommonName").asText())
                .isEqualTo("CLI Issuing CA");

        Command.Result csr = aws("acm-pca", "get-certificate-authority-csr", "--certificate-authority-arn", arn,
                "--output", "text").requireSuccess();
        Files.writeString(work.resolve("sub.csr"), csr.stdout());
        // The CSR is signed by the CA key: openssl checks the self-signature and shows the requested extensions.
        Command.Result req = Command.run(work, "openssl", "req", "-in", "sub.csr", "-noout", "-verify", "-text").requireSuccess();
        assertThat(req.stdout() + req.stderr()).contains("verify OK").contains("CA:TRUE").contains("Certificate Sign");

        OpenSsl openssl = new OpenSsl(work);
        openssl.root("root", "/CN=CLI Test Root");
        openssl.signSubordinate("root", work.resolve("sub.csr"), "sub", 365);
        aws("acm-pca", "import-certificate-authority-certificate", "--certificate-authority-arn", arn,
                "--certificate", "fileb://sub.pem", "--certificate-chain", "fileb://root.pem").requireSuccess();
        assertThat(awsJson("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", arn)
                .at("/CertificateAuthority/Status").asText()).isEqualTo("ACTIVE");

        JsonNode installed = awsJson("acm-pca", "get-certificate-authority-certificate", "--certificate-authority-arn", arn);
        Files.writeString(work.resolve("installed.pem"), installed.get("Certificate").asText());
        Files.writeString(work.resolve("chain.pem"), installed.get("CertificateChain").asText());
        assertThat(openssl.verify(work.resolve("chain.pem"), null, work.resolve("installed.pem")).requireSuccess().stdout())
                .contains("OK");

        JsonNode listed = awsJson("acm-pca", "list-certificate-authorities");
        assertThat(listed.get("CertificateAuthorities").findValuesAsText("Arn")).contains(arn);

        aws("acm-pca", "tag-certificate-authority", "--certificate-authority-arn", arn, "--tags", "Key=env,Value=prod").requireSuccess();
        assertThat(awsJson("acm-pca", "list-tags", "--certificate-authority-arn", arn).get("Tags").findValuesAsText("Key"))
                .containsExactly("team", "env");
        aws("acm-pca", "untag-certificate-authority", "--certificate-authority-arn", arn, "--tags", "Key=team").requireSuccess();

        aws("acm-pca", "update-certificate-authority", "--certificate-authority-arn", arn, "--status", "DISABLED").requireSuccess();
        aws("acm-pca", "delete-certificate-authority", "--certificate-authority-arn", arn,
                "--permanent-deletion-time-in-days", "7").requireSuccess();
        assertThat(awsJson("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", arn)
                .at("/CertificateAuthority/Status").asText()).isEqualTo("DELETED");
        aws("acm-pca", "restore-certificate-authority", "--certificate-authority-arn", arn).requireSuccess();
        assertThat(awsJson("acm-pca", "describe-certificate-authority", "--certificate-authority-arn", arn)
                .at("/CertificateAuthority/Status").asText()).isEqualTo("DISABLED");
    }

    @Test
    void cli_errors_showAwsErrorNames() throws Exception {
        Command.Result badArn = aws("acm-pca", "describe-certificate-authority", "--certificate-authority-arn",
                "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/nope");
        assertThat(badArn.exitCode()).isNotZero();
        assertThat(badArn.stderr()).contains("(InvalidArnException)");
        Command.Result missing = aws("acm-pca", "describe-certificate-authority", "--certificate-authority-arn",
                "arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/11111111-2222-4333-8444-555555555555");
        assertThat(missing.stderr()).contains("(ResourceNotFoundException)");
        Command.Result wrongSecret = Command.run(work, Map.of("AWS_ENDPOINT_URL", server.endpoint(),
                "AWS_ACCESS_KEY_ID", server.accessKeyId(), "AWS_SECRET_ACCESS_KEY", "wrong", "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null", "AWS_MAX_ATTEMPTS", "1"),
                List.of("python3", "-m", "awscli", "acm-pca", "list-certificate-authorities"));
        assertThat(wrongSecret.stderr()).contains("(InvalidSignatureException)");
    }
}
