package dev.castellan.authority.ocsp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.ocsp.OcspResponseStatus;
import dev.castellan.core.ocsp.OcspStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResponseCacheTest {
    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final UUID CA = UUID.fromString("11111111-2222-3333-4444-555555555555");
    static final ResponseCache.Key KEY = new ResponseCache.Key(CA, new Serial(BigInteger.valueOf(42)));
    static final byte[] SHA1_ID = {1};
    static final byte[] SHA256_ID = {2};
    static final OcspStatus REVOKED = new OcspStatus.Revoked(T0, RevocationReason.KEY_COMPROMISE);

    final ResponseCache cache = new ResponseCache(100);

    static ResponseCache.Variant variant(byte[] certId, String body) {
        return new ResponseCache.Variant(certId, new OcspReply(body.getBytes(), OcspResponseStatus.SUCCESSFUL, null),
                T0.plus(Duration.ofHours(12)));
    }

    static String body(OcspReply r) {
        return r == null ? null : new String(r.der());
    }

    @Test
    void fresh_untilRefreshAt_returnsTheVariantOfThatCertIdOnly() {
        cache.put(KEY, OcspStatus.GOOD, variant(SHA1_ID, "sha1"), cache.stamp());
        cache.put(KEY, OcspStatus.GOOD, variant(SHA256_ID, "sha256"), cache.stamp());

        assertThat(body(cache.fresh(KEY, SHA1_ID, T0))).isEqualTo("sha1");
        assertThat(body(cache.fresh(KEY, SHA256_ID, T0))).isEqualTo("sha256");
        assertThat(cache.fresh(KEY, new byte[] {3}, T0)).isNull();
        assertThat(cache.fresh(KEY, SHA1_ID, T0.plus(Duration.ofHours(12)))).as("due for re-signing").isNull();
    }

    @Test
    void put_readStartedBeforeAnInvalidation_isNotCachedSoNoStaleGoodSurvivesARevocation() {
        long stamp = cache.stamp(); // a miss notes the sequence, then reads "good" from the store...
        cache.invalidate(KEY); // ...while the revocation commits and is announced...

        cache.put(KEY, OcspStatus.GOOD, variant(SHA1_ID, "stale good"), stamp); // ...and then tries to cache it

        assertThat(cache.fresh(KEY, SHA1_ID, T0)).isNull();
    }

    @Test
    void put_readStartedAfterTheInvalidation_isCached() {
        cache.invalidate(KEY);
        long stamp = cache.stamp();

        cache.put(KEY, REVOKED, variant(SHA1_ID, "revoked"), stamp);

        assertThat(body(cache.fresh(KEY, SHA1_ID, T0))).isEqualTo("revoked");
    }

    @Test
    void put_otherStatus_replacesEveryVariantSignedWithTheOldOne() {
        cache.put(KEY, OcspStatus.GOOD, variant(SHA1_ID, "good sha1"), cache.stamp());
        cache.put(KEY, OcspStatus.GOOD, variant(SHA256_ID, "good sha256"), cache.stamp());

        cache.put(KEY, REVOKED, variant(SHA1_ID, "revoked sha1"), cache.stamp());

        assertThat(body(cache.fresh(KEY, SHA1_ID, T0))).isEqualTo("revoked sha1");
        assertThat(cache.fresh(KEY, SHA256_ID, T0)).isNull();
    }

    @Test
    void revoked_entryAlreadyRevoked_isKeptSoRepeatedPollsCostNothing() {
        cache.put(KEY, REVOKED, variant(SHA1_ID, "revoked"), cache.stamp());

        cache.revoked(KEY);

        assertThat(body(cache.fresh(KEY, SHA1_ID, T0))).isEqualTo("revoked");
    }

    @Test
    void revoked_entryStillGood_isDropped() {
        cache.put(KEY, OcspStatus.GOOD, variant(SHA1_ID, "good"), cache.stamp());

        cache.revoked(KEY);

        assertThat(cache.fresh(KEY, SHA1_ID, T0)).isNull();
    }

    @Test
    void forgetInvalidationsUpTo_oldFences_letLaterReadsCacheAgain() {
        long stamp = cache.stamp();
        cache.invalidate(KEY);
        cache.forgetInvalidationsUpTo(cache.stamp());

        cache.put(KEY, OcspStatus.GOOD, variant(SHA1_ID, "good"), stamp);

        assertThat(body(cache.fresh(KEY, SHA1_ID, T0))).isEqualTo("good");
    }

    @Test
    void put_beyondMaxEntries_evictsDownToNinetyPercent() {
        for (int i = 1; i <= 101; i++) {
            cache.put(new ResponseCache.Key(CA, new Serial(BigInteger.valueOf(i))), OcspStatus.GOOD,
                    variant(SHA1_ID, "r" + i), cache.stamp());
        }

        assertThat(cache.size()).isEqualTo(90);
    }

    @Test
    void put_moreVariantsThanTheLimit_keepsTheNewest() {
        for (int i = 0; i < ResponseCache.MAX_VARIANTS + 2; i++) {
            cache.put(KEY, OcspStatus.GOOD, variant(new byte[] {(byte) (10 + i)}, "v" + i), cache.stamp());
        }

        assertThat(body(cache.fresh(KEY, new byte[] {(byte) (10 + ResponseCache.MAX_VARIANTS + 1)}, T0)))
                .isEqualTo("v" + (ResponseCache.MAX_VARIANTS + 1));
        assertThat(cache.fresh(KEY, new byte[] {10}, T0)).isNull();
    }
}
