package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * Two server processes sharing one PostgreSQL database and one master key behave as one CA: the second node
 * writes its credentials file from the stored administrator key, a CA created on one node issues on the other,
 * and every certificate is visible from both.
 */
class MultiNodeIT {

    @Test
    void twoNodesOnOnePostgres_shareCasCredentialsAndCertificates() throws Exception {
        Path tmp = WorkDir.create(getClass());
        String url = TestPostgres.freshDatabaseUrl() + "?user=postgres";
        try (ServerProcess first = ServerProcess.start(tmp.resolve("node1"), url)) {
            Path second = tmp.resolve("node2");
            Files.createDirectories(second, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.copy(first.dataDir().resolve("master.key"), second.resolve("master.key"));
            try (ServerProcess other = ServerProcess.start(second, url);
                    AcmPcaClient one = Clients.acmPca(first);
                    AcmPcaClient two = Clients.acmPca(other)) {
                assertThat(other.accessKeyId()).isEqualTo(first.accessKeyId());
                assertThat(other.secretAccessKey()).isEqualTo(first.secretAccessKey());

                String ca = Pki.activeRoot(one, KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, "Shared Root");
                SdkBytes csr = Pki.csr("CN=node2.example.com", Pki.p256());
                String arn = two.issueCertificate(r -> r.certificateAuthorityArn(ca).csr(csr)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                        .validity(v -> v.type(ValidityPeriodType.DAYS).value(7L))).certificateArn();
                String fromOne = one.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(arn)).certificate();
                String fromTwo = two.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(arn)).certificate();
                assertThat(fromOne).isEqualTo(fromTwo).startsWith("-----BEGIN CERTIFICATE-----");
                assertThat(two.listCertificateAuthorities().certificateAuthorities()).anyMatch(c -> c.arn().equals(ca));
            }
        }
    }
}
