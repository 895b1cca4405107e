package dev.castellan.authority.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.core.model.Serial;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecentCertificatesTest {
    private static final CaArn CA = new CaArn("aws", "us-east-1", "000000000000", UUID.randomUUID());

    private static CertificateArn arn(int n) {
        return new CertificateArn(CA, Serial.parseHex(BigInteger.valueOf(n + 1).toString(16)));
    }

    @Test
    void der_ofTheLastCapacityAdded_isKept_andTheOldestForgotten() {
        RecentCertificates recent = new RecentCertificates();
        int added = RecentCertificates.CAPACITY + 10;
        for (int i = 0; i < added; i++) {
            recent.add(arn(i), new byte[] {(byte) i});
        }
        for (int i = 0; i < 10; i++) {
            assertThat(recent.der(arn(i))).as("certificate %d", i).isNull();
        }
        for (int i = 10; i < added; i++) {
            assertThat(recent.der(arn(i))).as("certificate %d", i).containsExactly((byte) i);
        }
        assertThat(recent.der(arn(added))).isNull();
    }

    @Test
    void add_fromManyThreads_keepsExactlyTheLastCapacity() throws Exception {
        RecentCertificates recent = new RecentCertificates();
        int threads = 8;
        int each = RecentCertificates.CAPACITY / 2;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * each;
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    recent.add(arn(base + i), new byte[] {1});
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        int kept = 0;
        for (int i = 0; i < threads * each; i++) {
            if (recent.der(arn(i)) != null) {
                kept++;
            }
        }
        assertThat(kept).isEqualTo(RecentCertificates.CAPACITY);
    }
}
