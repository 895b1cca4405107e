package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.OcspClient;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;

/**
 * Two server processes sharing one PostgreSQL database: each answers OCSP from the database, both sign with the
 * one delegated responder of the CA, and a revocation made through one reaches the other's pre-signed answers
 * within a few seconds (its poll of recent revocations), with no call between the servers.
 */
class OcspMultiNodeIT {
    /** The responder polls every second; allow for a loaded CI machine. */
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(5);

    @Test
    void revocationThroughOneServer_isAnsweredRevokedByTheOtherWithinSeconds() throws Exception {
        Path tmp = WorkDir.create(getClass());
        String db = TestPostgres.freshDatabaseUrl();
        db = db + (db.contains("?") ? "&" : "?") + "user=postgres";
        OcspClient ocsp = new OcspClient();
        try (ServerProcess a = ServerProcess.start(tmp.resolve("a"), db);
                ServerProcess b = ServerProcess.start(sharingKeysWith(a, tmp.resolve("b")), db);
                AcmPcaClient pca = Clients.acmPca(a)) {
            String ca = OcspClient.ocspRoot(pca, "OCSP Two Nodes Root", null);
            String path = "/ocsp/" + ca.substring(ca.lastIndexOf('/') + 1);
            X509Certificate caCert = OcspClient.parse(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(ca))
                    .certificate());
            X509Certificate leaf = OcspClient.parse(OcspClient.leaf(pca, ca, "two-nodes.example"));
            byte[] request = OcspClient.request(-1, List.of(OcspClient.certId(caCert, leaf.getSerialNumber())));

            BasicOCSPResp fromB = basic(ocsp.get(b.endpoint() + path, request).body());
            BasicOCSPResp fromA = basic(ocsp.get(a.endpoint() + path, request).body());
            assertThat(fromB.getResponses()[0].getCertStatus()).isNull();
            assertThat(fromA.getResponses()[0].getCertStatus()).isNull();
            assertThat(fromA.getCerts()[0]).as("one responder for the CA on both servers").isEqualTo(fromB.getCerts()[0]);

            pca.revokeCertificate(r -> r.certificateAuthorityArn(ca).certificateSerial(leaf.getSerialNumber().toString(16))
                    .revocationReason(RevocationReason.AFFILIATION_CHANGED));
            Instant revoked = Instant.now();
            assertThat(basic(ocsp.get(a.endpoint() + path, request).body()).getResponses()[0].getCertStatus())
                    .as("the revoking server answers revoked at once").isInstanceOf(RevokedStatus.class);

            Instant deadline = revoked.plus(VISIBLE_WITHIN);
            Object status = null;
            while (!(status instanceof RevokedStatus) && Instant.now().isBefore(deadline)) {
                status = basic(ocsp.get(b.endpoint() + path, request).body()).getResponses()[0].getCertStatus();
                if (!(status instanceof RevokedStatus)) {
                    Thread.sleep(100); // waiting for another process's poll; no clock of ours is involved
                }
            }
            assertThat(status).as("the other server answers revoked within " + VISIBLE_WITHIN).isInstanceOf(RevokedStatus.class);
            assertThat(((RevokedStatus) status).getRevocationReason()).isEqualTo(3);
        }
    }

    /** A data folder for a second server: the same master key (to open the CA keys) and administrator credentials. */
    static Path sharingKeysWith(ServerProcess first, Path dir) throws Exception {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        for (String name : List.of("master.key", "credentials")) {
            Files.copy(first.dataDir().resolve(name), dir.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return dir;
    }

    static BasicOCSPResp basic(byte[] der) throws Exception {
        return (BasicOCSPResp) new OCSPResp(der).getResponseObject();
    }
}
