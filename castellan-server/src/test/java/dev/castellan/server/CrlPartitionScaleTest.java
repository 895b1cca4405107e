package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.server.RevocationHarness.Issued;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition guarantee at a size that keeps the suite fast: a CA with a small partition byte limit fills several
 * partitions, every certificate is revoked, and every partition CRL is checked against the limit and against the
 * store. bench/ runs the same at a million certificates.
 */
class CrlPartitionScaleTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"EC_prime256v1, SHA256WITHECDSA, 8192, 3", "ML_DSA_44, ML_DSA_44, 10000, 2"})
    void fullPartitionsAllRevoked_everyCrlWithinTheLimitAndEqualToTheStore(KeyAlgorithm key, SigningAlgorithm signing,
            long limit, int fullPartitions) throws Exception {
        try (RevocationHarness h = RevocationHarness.sqlite(dir, limit)) {
            CaArn ca = h.activeRoot(key, signing, RevocationHarness.partitioned("scale", null));
            Issued first = h.issue(ca, Duration.ofDays(30));
            long capacity = h.store.read(tx -> tx.crlScope(ca.id(), first.urls().partitionId())).orElseThrow().capacity();
            List<Issued> issued = new java.util.ArrayList<>(List.of(first));
            issued.addAll(h.issueMany(ca, (int) (capacity * fullPartitions + 7 - 1), Duration.ofDays(30)));

            RevocationReason[] reasons = RevocationReason.values();
            for (int i = 0; i < issued.size(); i++) {
                h.revoke(ca, issued.get(i).serial(), reasons[i % reasons.length]);
            }
            h.publisher("scale").publishDue(h.clock.instant());

            List<CrlScope> partitions = h.store.read(tx -> tx.crlScopes(ca.id())).stream()
                    .filter(s -> s.kind() == CrlScope.Kind.PARTITION).toList();
            assertThat(partitions).hasSize(fullPartitions + 1);
            Map<UUID, Set<BigInteger>> bound = new HashMap<>();
            for (Issued c : issued) {
                bound.computeIfAbsent(c.urls().partitionId(), k -> new HashSet<>()).add(c.serial().value());
                assertThat(c.urls().crlDistributionPoints()).singleElement().asString().endsWith(c.urls().partitionId() + ".crl");
            }
            for (CrlScope p : partitions) {
                CrlPublication published = h.store.read(tx -> tx.crlPublication(ca.id(), p.scopeId())).orElseThrow();
                X509CRL crl = h.crl(p.distributionPoint(), ca);
                Set<BigInteger> listed = crl.getRevokedCertificates().stream().map(X509CRLEntry::getSerialNumber)
                        .collect(Collectors.toSet());

                assertThat((long) published.der().length).as("partition %d CRL bytes", p.ordinal()).isLessThanOrEqualTo(limit);
                assertThat(p.assigned()).isLessThanOrEqualTo(capacity);
                assertThat(p.closed()).isEqualTo(p.assigned() == capacity);
                assertThat(listed).isEqualTo(revokedInStore(ca.id(), p.scopeId())).isEqualTo(bound.get(p.scopeId()));
                assertThat(CrlPublisherTest.idp(crl)).containsExactly(p.distributionPoint());
            }
            assertThat(partitions.stream().mapToLong(CrlScope::assigned).sum()).isEqualTo(issued.size());
        }
    }

    /** The revoked serials of one partition, read with plain SQL rather than through the code under test. */
    private Set<BigInteger> revokedInStore(UUID ca, UUID partition) throws Exception {
        Set<BigInteger> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("castellan.db"));
                PreparedStatement ps = c.prepareStatement("SELECT serial FROM certificate WHERE ca_id = ?"
                        + " AND crl_partition_id = ? AND revoked_at IS NOT NULL")) {
            ps.setString(1, ca.toString());
            ps.setString(2, partition.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new BigInteger(rs.getString(1), 16));
                }
            }
        }
        return out;
    }
}
