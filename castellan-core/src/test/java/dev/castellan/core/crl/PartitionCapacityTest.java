package dev.castellan.core.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.crl.CrlFixtures.Ca;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.KeyFamily;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.x509.KeySigner;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The byte bound of a partition under the worst case, for every CA key algorithm: a partition filled to its
 * capacity with the largest entries RFC 5280 allows, all revoked, signed by a real key, never exceeds the limit,
 * and one more worst-case entry would.
 */
class PartitionCapacityTest {
    /** A long distribution point: the partition URI of a CA with a long custom CNAME and path. */
    static final String LONG_URI = "http://" + "crl-distribution.".repeat(8) + "example.org/" + "p/".repeat(40)
            + "0b6b5a53-5ad3-4f4e-9d39-3b1c1c8c2b55/5c1d0b7e-2f7a-4a9e-8f1e-7c2b3a4d5e6f.crl";
    static final String LONG_DN = "CN=Castellan Partition Capacity Test Root CA With A Long Name,OU=Public Key Infrastructure,"
            + "O=Castellan Certificate Authority Operations International,L=Berlin,ST=Berlin,C=DE";

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void of_everyKeyAlgorithm_fullPartitionOfWorstCaseEntriesStaysWithinOneMegabyte(KeyAlgorithm algorithm) {
        assertBound(CrlFixtures.ca(algorithm, LONG_DN), PartitionCapacity.DEFAULT_LIMIT_BYTES);
    }

    @Test
    void of_smallerConfiguredLimit_boundHoldsToo() {
        assertBound(CrlFixtures.ca(KeyAlgorithm.ML_DSA_87, LONG_DN), 16_384);
        assertBound(CrlFixtures.ca(KeyAlgorithm.EC_prime256v1, LONG_DN), 8_192);
    }

    @Test
    void of_documentedOrderOfMagnitude_matchesPkiStandardsNotes() {
        Ca ec = CrlFixtures.ca(KeyAlgorithm.EC_prime256v1, "CN=Root");
        CrlHeader worst = CrlHeader.worstCase(ec.issuer().name(), KeySigner.algorithmIdentifier(ec.signing()),
                ec.issuer().keyIdentifier(), List.of(LONG_URI));

        // 1,000,000 bytes of 55-byte entries, less a few hundred bytes of header and signature.
        assertThat(PartitionCapacity.of(1_000_000, worst, 72)).isBetween(18_100L, 18_180L);
    }

    @Test
    void of_limitBelowTheHeader_failsNamingTheNeededSize() {
        Ca mlDsa = CrlFixtures.ca(KeyAlgorithm.ML_DSA_87, "CN=Root");
        CrlHeader worst = CrlHeader.worstCase(mlDsa.issuer().name(), KeySigner.algorithmIdentifier(mlDsa.signing()),
                mlDsa.issuer().keyIdentifier(), List.of(LONG_URI));

        assertThatThrownBy(() -> PartitionCapacity.of(4_096, worst, KeyAlgorithm.ML_DSA_87.maxSignatureBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bytes needed");
    }

    private static void assertBound(Ca ca, long limit) {
        CrlHeader worst = CrlHeader.worstCase(ca.issuer().name(), KeySigner.algorithmIdentifier(ca.signing()),
                ca.issuer().keyIdentifier(), List.of(LONG_URI));
        int maxSignature = ca.keyAlgorithm().maxSignatureBytes();
        long capacity = PartitionCapacity.of(limit, worst, maxSignature);

        byte[] crl = CrlWriter.prepare(worst, v -> worstEntries(capacity).forEach(v)).sign(ca.signer());

        assertThat((long) crl.length).as("CRL of %d worst-case entries", capacity).isLessThanOrEqualTo(limit);
        assertThat(PartitionCapacity.worstCaseLength(worst, maxSignature, capacity + 1)).isGreaterThan(limit);
        if (ca.keyAlgorithm().family() != KeyFamily.EC) {
            // RSA and ML-DSA signatures have a fixed size, so the computed size is the real one.
            assertThat((long) crl.length).isEqualTo(PartitionCapacity.worstCaseLength(worst, maxSignature, capacity));
        }
        X509CRL parsed = CrlFixtures.jdkCrl(crl);
        assertThat(parsed.getRevokedCertificates()).hasSize((int) capacity);
    }

    /** Distinct 20-octet serials with a reason code and a GeneralizedTime date: the largest entry there is. */
    static java.util.stream.Stream<CrlEntry> worstEntries(long n) {
        SecureRandom random = new SecureRandom(new byte[] {1});
        Instant date = Instant.parse("2071-05-05T05:05:05Z");
        return java.util.stream.LongStream.range(0, n).mapToObj(i -> {
            BigInteger serial = new BigInteger(159, random).setBit(158).add(BigInteger.ZERO);
            return new CrlEntry(new Serial(serial.or(BigInteger.valueOf(i))), date, RevocationReason.KEY_COMPROMISE);
        });
    }
}
