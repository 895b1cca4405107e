package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.crl.CrlPublisher;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.keys.software.MasterKey;
import dev.castellan.keys.software.SoftwareKeyProvider;
import dev.castellan.server.RevocationHarness.Issued;
import dev.castellan.store.jdbc.JdbcStore;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers sharing one PostgreSQL database, each with its own store connection pool and publisher: exactly one
 * publishes at a time, the other takes over when the first stops renewing its lease, and CRL numbers only grow.
 */
class CrlPublisherLeaseTest {
    @TempDir
    Path dir;
    RevocationHarness h;
    JdbcStore secondStore;
    CrlPublisher a;
    CrlPublisher b;
    CaArn ca;

    @BeforeEach
    void setUp() throws Exception {
        String url = TestPostgres.freshDatabaseUrl();
        h = new RevocationHarness(dir, url, TestPostgres.user(), "http://127.0.0.1:7700", 1_000_000);
        secondStore = JdbcStore.open(url, TestPostgres.user(), null);
        SecureRandom random = new SecureRandom();
        SoftwareKeyProvider secondKeys =
                new SoftwareKeyProvider(secondStore, MasterKey.load(dir.resolve("master.key"), random), random);
        a = h.publisher("node-a");
        b = new CrlPublisher(secondStore, secondKeys, h.clock, h.settings, new FileBuckets(dir.resolve("buckets-b")),
                "node-b", Duration.ofSeconds(30));
        ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
    }

    @AfterEach
    void tearDown() {
        secondStore.close();
        h.close();
    }

    BigInteger number() throws Exception {
        return CrlPublisherTest.crlNumber(h.crl(h.completeCrlUrl(ca), ca));
    }

    @Test
    void publishDue_twoNodes_onlyTheLeaseHolderPublishesAndTheOtherTakesOverAfterItStops() throws Exception {
        List<Issued> certs = h.issueMany(ca, 3, Duration.ofDays(90));
        assertThat(a.publishDue(h.clock.instant()).published()).isEqualTo(1);
        BigInteger first = number();

        h.revoke(ca, certs.get(0).serial(), RevocationReason.KEY_COMPROMISE);
        h.clock.advance(Duration.ofSeconds(5));
        assertThat(b.publishDue(h.clock.instant())).isEqualTo(new CrlPublisher.Result(false, 0, 0, 0));
        assertThat(a.publishDue(h.clock.instant()).published()).isEqualTo(1);
        BigInteger second = number();

        // node-a stops; its lease, renewed last at +5 s, lapses at +35 s.
        h.revoke(ca, certs.get(1).serial(), RevocationReason.KEY_COMPROMISE);
        h.clock.advance(Duration.ofSeconds(29));
        assertThat(b.publishDue(h.clock.instant()).leaseHeld()).isFalse();
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(b.publishDue(h.clock.instant()).published()).isEqualTo(1);
        BigInteger third = number();
        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificates()).hasSize(2);

        // node-a comes back while node-b keeps renewing: it stays passive.
        h.revoke(ca, certs.get(2).serial(), RevocationReason.KEY_COMPROMISE);
        assertThat(a.publishDue(h.clock.instant()).leaseHeld()).isFalse();
        assertThat(first).isLessThan(second);
        assertThat(second).isLessThan(third);
    }

    @Test
    void publishDue_bothNodesRunningConcurrently_everyRevocationPublishedAndNumbersOnlyGrow() throws Exception {
        List<Issued> certs = h.issueMany(ca, 12, Duration.ofDays(90));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<BigInteger> seen = new ArrayList<>();
        try {
            for (Issued c : certs) {
                h.revoke(ca, c.serial(), RevocationReason.SUPERSEDED);
                h.clock.advance(Duration.ofSeconds(31)); // the lease may change hands every round
                Future<CrlPublisher.Result> ra = pool.submit(() -> a.publishDue(h.clock.instant()));
                Future<CrlPublisher.Result> rb = pool.submit(() -> b.publishDue(h.clock.instant()));
                CrlPublisher.Result x = ra.get(60, TimeUnit.SECONDS);
                CrlPublisher.Result y = rb.get(60, TimeUnit.SECONDS);
                assertThat(x.failed() + y.failed()).isZero();
                assertThat(x.leaseHeld() && y.leaseHeld()).as("both held the lease at once").isFalse();
                seen.add(number());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificates()).hasSize(certs.size());
    }
}
