package dev.castellan.server;

import static dev.castellan.server.RevocationHarness.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.server.RevocationHarness.Issued;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4 item 5: a CA switches between COMPLETE and PARTITIONED without breaking a certificate already issued. */
class CrlTypeSwitchTest {
    @TempDir
    Path dir;
    RevocationHarness h;
    CaArn ca;

    @BeforeEach
    void setUp() throws Exception {
        h = RevocationHarness.sqlite(dir, 1_000_000);
        ca = h.activeRoot(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, RevocationHarness.complete("pki"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    void publish() {
        assertThat(h.publisher("n").publishDue(h.clock.instant()).failed()).isZero();
    }

    @Test
    void completeToPartitioned_oldCertificatesStayOnTheCompleteCrlNewOnesGoToPartitions() throws Exception {
        Issued before = h.issue(ca, Duration.ofDays(90));
        publish();
        h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.partitioned("pki", null), null);
        Issued after = h.issue(ca, Duration.ofDays(90));
        assertThat(after.urls().partitionId()).isNotNull();

        h.revoke(ca, before.serial(), RevocationReason.KEY_COMPROMISE);
        h.revoke(ca, after.serial(), RevocationReason.KEY_COMPROMISE);
        publish();

        assertThat(h.crl(before.urls().crlDistributionPoints().getFirst(), ca).getRevokedCertificates()).singleElement()
                .satisfies(e -> assertThat(e.getSerialNumber()).isEqualTo(before.serial().value()));
        assertThat(h.crl(after.urls().crlDistributionPoints().getFirst(), ca).getRevokedCertificates()).singleElement()
                .satisfies(e -> assertThat(e.getSerialNumber()).isEqualTo(after.serial().value()));
    }

    @Test
    void partitionedBackToComplete_belowTheLimit_partitionsStayPublishedForTheirCertificates() throws Exception {
        h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.partitioned("pki", null), null);
        Issued partitioned = h.issue(ca, Duration.ofDays(90));
        h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.complete("pki"), null);
        Issued complete = h.issue(ca, Duration.ofDays(90));
        assertThat(complete.urls().partitionId()).isNull();
        assertThat(h.store.read(tx -> tx.crlScope(ca.id(), ca.id())).orElseThrow().assigned())
                .as("every certificate of the CA counts against the complete limit").isEqualTo(2);

        h.revoke(ca, partitioned.serial(), RevocationReason.SUPERSEDED);
        publish();

        assertThat(h.crl(partitioned.urls().crlDistributionPoints().getFirst(), ca).getRevokedCertificate(
                partitioned.serial().value())).isNotNull();
        assertThat(h.crl(h.completeCrlUrl(ca), ca).getRevokedCertificates()).isNull();
    }

    @Test
    void partitionedBackToComplete_aboveOneMillionCertificates_isRefusedWithLimitExceeded() throws Exception {
        h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.partitioned("pki", null), null);
        insertCertificates(CrlScope.COMPLETE_CRL_LIMIT + 1);

        assertThatThrownBy(() -> h.authority.updateCertificateAuthority(ADMIN, ca, RevocationHarness.complete("pki"), null))
                .isInstanceOfSatisfying(CastellanException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("1000001");
                });
        assertThat(h.ca(ca).revocation().crl().crlType()).isEqualTo("PARTITIONED");
    }

    @Test
    void completeCrl_atOneMillionCertificates_refusesTheNextIssuanceAndBindsNothing() throws Exception {
        h.issue(ca, Duration.ofDays(1));
        h.store.write(tx -> {
            tx.setCrlScopeAssigned(ca.id(), ca.id(), CrlScope.COMPLETE_CRL_LIMIT - 1);
            return null;
        });
        h.issue(ca, Duration.ofDays(1));

        assertThatThrownBy(() -> h.issue(ca, Duration.ofDays(1))).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        long count = h.store.read(tx -> tx.certificateCount(ca.id()));
        assertThat(count).as("the refused issuance left no row").isEqualTo(2);
    }

    /** A million rows straight into the table: issuing them would take minutes and test nothing more here. */
    private void insertCertificates(long n) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("castellan.db"));
                PreparedStatement ps = c.prepareStatement("INSERT INTO certificate (ca_id, serial, status, der, not_before,"
                        + " not_after, issued_at, template_arn) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
                        + " WHERE i < ?) SELECT ?, printf('%x', i + 1048576), 'ISSUED', x'30', 0, 1, 0, 't' FROM n")) {
            ps.setLong(1, n);
            ps.setString(2, ca.id().toString());
            ps.executeUpdate();
        }
    }
}
