package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.SplittableRandom;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DerTimesTest {
    @ParameterizedTest
    @ValueSource(strings = {"1950-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-02-29T12:00:00Z",
            "2026-11-28T21:52:35Z", "2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z", "2099-06-15T01:02:03Z",
            "9999-12-31T23:59:59Z"})
    void of_edges_encodesExactlyAsBouncyCastle(String at) throws Exception {
        Instant t = Instant.parse(at);

        Time ours = DerTimes.of(t);

        assertThat(ours.getEncoded()).isEqualTo(new Time(Date.from(t)).getEncoded());
        assertThat(DerTimes.instant(ours)).isEqualTo(t);
    }

    @Test
    void of_randomInstants_encodeAndReadBackAsBouncyCastleDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(5280);
        long from = Instant.parse("1950-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 5_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            Time bc = new Time(Date.from(t));

            assertThat(DerTimes.of(t).getEncoded()).isEqualTo(bc.getEncoded());
            assertThat(DerTimes.instant(bc)).isEqualTo(bc.getDate().toInstant());
        }
    }

    @Test
    void instant_nonDerForms_readAsBouncyCastleReadsThem() throws Exception {
        Time fraction = new Time(new ASN1GeneralizedTime("20510101120000.5Z"));
        Time noSeconds = new Time(new ASN1UTCTime("2611281200Z"));
        Time offset = new Time(new ASN1UTCTime("261128120000+0100"));

        for (Time t : new Time[] {fraction, noSeconds, offset}) {
            assertThat(DerTimes.instant(t)).isEqualTo(t.getDate().toInstant());
        }
    }
}
