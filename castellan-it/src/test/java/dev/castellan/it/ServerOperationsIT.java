package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.Tag;

/** How the server runs as a process: files it creates, health, TLS, shutdown, audit trail, and what it logs. */
class ServerOperationsIT {

    @Test
    void firstStart_createsPrivateFilesAndAnswersHealth() throws Exception {
        Path tmp = WorkDir.create(getClass());
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null)) {
            assertThat(mode(server.dataDir())).isEqualTo("rwx------");
            assertThat(mode(server.credentialsFile())).isEqualTo("rw-------");
            assertThat(mode(server.dataDir().resolve("master.key"))).isEqualTo("rw-------");
            assertThat(Files.readString(server.credentialsFile())).startsWith("[default]\naws_access_key_id = ");
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.endpoint() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("ok");
        }
    }

    @Test
    void sigterm_stopsCleanlyAndRestartKeepsTheSameCredentials() throws Exception {
        Path tmp = WorkDir.create(getClass());
        ServerProcess server = ServerProcess.start(tmp.resolve("data"), null);
        String key = server.accessKeyId();
        assertThat(server.stop()).isEqualTo(143); // 128 + SIGTERM: the JVM ran its shutdown hooks
        assertThat(server.log()).contains("Castellan stopped");
        server.startAgain();
        try (server; AcmPcaClient pca = Clients.acmPca(server)) {
            assertThat(server.accessKeyId()).isEqualTo(key);
            assertThat(pca.listCertificateAuthorities().certificateAuthorities()).isEmpty();
        }
    }

    @Test
    void nonLoopbackHostWithoutTls_isRefusedAtStart() throws Exception {
        Path tmp = WorkDir.create(getClass());
        Command.Result r = Command.run(tmp, Map.of(), List.of(java(), "-cp", System.getProperty("java.class.path"),
                "dev.castellan.server.Main", "serve", "--host", "0.0.0.0", "--port", "0", "--data-dir", tmp.resolve("d").toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--host 0.0.0.0 is not a loopback address").contains("--tls-cert");
        assertThat(tmp.resolve("d")).doesNotExist();
    }

    @Test
    void secondServerOnTheSameSqliteDataDir_isRefusedAndTheFirstServesOn() throws Exception {
        Path tmp = WorkDir.create(getClass());
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null)) {
            String endpoint = Files.readString(server.dataDir().resolve("endpoint"));
            Command.Result r = Command.run(tmp, Map.of(), List.of(java(), "-cp", System.getProperty("java.class.path"),
                    "dev.castellan.server.Main", "serve", "--port", "0", "--data-dir", server.dataDir().toString()));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.stderr()).contains("is in use by another Castellan server").contains("castellan.db.lock")
                    .doesNotContain("Exception");
            // It refused before announcing itself: the data directory still names the first server, which answers.
            assertThat(Files.readString(server.dataDir().resolve("endpoint"))).isEqualTo(endpoint);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.endpoint() + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void badOptions_areAllReportedAtOnce() throws Exception {
        Path tmp = WorkDir.create(getClass());
        Command.Result r = Command.run(tmp, Map.of(), List.of(java(), "-cp", System.getProperty("java.class.path"),
                "dev.castellan.server.Main", "serve", "--port", "70000", "--account", "12", "--region", "US EAST",
                "--data-dir", tmp.resolve("d").toString()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--port").contains("--account").contains("--region");
    }

    @Test
    void tls_servesHttpsWithTheGivenCertificate() throws Exception {
        Path tmp = WorkDir.create(getClass());
        Command.run(tmp, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "tls.key", "-out", "tls.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1").requireSuccess();
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null,
                "--tls-cert", tmp.resolve("tls.pem").toString(), "--tls-key", tmp.resolve("tls.key").toString())) {
            assertThat(server.endpoint()).startsWith("https://127.0.0.1:");
            Command.Result ok = Command.run(tmp, "curl", "-sS", "--cacert", "tls.pem", server.endpoint() + "/healthz").requireSuccess();
            assertThat(ok.stdout()).contains("ok");
            String plain = server.endpoint().replace("https://", "http://");
            Command.Result clear = Command.run(tmp, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", plain + "/healthz");
            assertThat(clear.stdout()).isNotEqualTo("200");
        }
    }

    @Test
    void stateChangingCalls_eachLeaveAnAuditEvent_andNoSecretIsLogged() throws Exception {
        Path tmp = WorkDir.create(getClass());
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null); AcmPcaClient pca = Clients.acmPca(server)) {
            String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.SUBORDINATE)
                    .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                            .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName("Audited"))))
                    .certificateAuthorityArn();
            pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn).tags(Tag.builder().key("a").value("b").build()));
            pca.untagCertificateAuthority(r -> r.certificateAuthorityArn(arn).tags(Tag.builder().key("a").build()));
            pca.describeCertificateAuthority(r -> r.certificateAuthorityArn(arn));
            pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(arn));

            List<String> actions = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("castellan.db"));
                    ResultSet rs = c.createStatement().executeQuery(
                            "SELECT action FROM audit_event WHERE resource = '" + arn + "' ORDER BY id")) {
                while (rs.next()) {
                    actions.add(rs.getString(1));
                }
            }
            assertThat(actions).containsExactly("CreateCertificateAuthority", "TagCertificateAuthority",
                    "UntagCertificateAuthority", "DeleteCertificateAuthority");

            String log = server.log();
            assertThat(log).doesNotContain(server.secretAccessKey());
            assertThat(log).doesNotContain(Files.readString(server.dataDir().resolve("master.key")).strip());
        }
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
