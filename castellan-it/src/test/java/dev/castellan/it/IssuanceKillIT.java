package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * A server killed with SIGKILL in the middle of a stream of issuances loses no certificate a client was given:
 * after a restart, every ARN any IssueCertificate call returned is retrievable with GetCertificate.
 */
class IssuanceKillIT {

    @Test
    void sigkillDuringIssuance_everyReturnedArnIsRetrievableAfterRestart() throws Exception {
        Path tmp = WorkDir.create(getClass());
        ServerProcess server = ServerProcess.start(tmp.resolve("data"), null);
        ConcurrentLinkedQueue<String> returned = new ConcurrentLinkedQueue<>();
        String caArn;
        try (AcmPcaClient pca = Clients.acmPca(server)) {
            caArn = Pki.activeRoot(pca, KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, "Kill Test Root");
            SdkBytes csr = Pki.csr("CN=victim.example.com", Pki.p256());
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(40);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            String arn = pca.issueCertificate(r -> r.certificateAuthorityArn(caArn).csr(csr)
                                    .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                                    .validity(v -> v.type(ValidityPeriodType.DAYS).value(1L))).certificateArn();
                            returned.add(arn);
                            enough.countDown();
                        } catch (RuntimeException killedMidRequest) {
                            // Expected once the server is gone: a request without an answer promised nothing.
                        }
                    }
                    return null;
                });
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).isTrue();
            server.kill();
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }

        server.startAgain();
        try (server; AcmPcaClient pca = Clients.acmPca(server)) {
            List<String> arns = List.copyOf(returned);
            assertThat(arns).hasSizeGreaterThanOrEqualTo(40);
            for (String arn : arns) {
                String pem = pca.getCertificate(r -> r.certificateAuthorityArn(caArn).certificateArn(arn)).certificate();
                assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
            }
        }
    }
}
