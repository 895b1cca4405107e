package dev.castellan.store.jdbc;

import static dev.castellan.store.jdbc.CaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.ocsp.DelegatedResponder;
import dev.castellan.authority.ocsp.RecentRevocation;
import dev.castellan.core.CastellanException;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the store must do for the OCSP responder, whatever the database: responder rows and the revocation poll. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class OcspStoreContract {
    static final String TEMPLATE = "arn:aws:acm-pca:::template/OCSPSigningCertificate/V1";

    abstract String freshUrl() throws Exception;

    abstract String user();

    JdbcStore store;
    UUID ca;

    @BeforeEach
    final void open() throws Exception {
        store = JdbcStore.open(freshUrl(), user(), null);
        ca = UUID.randomUUID();
        store.write(tx -> {
            tx.insert(CaFixtures.minimal(ca, T0));
            return null;
        });
    }

    @AfterEach
    final void close() {
        store.close();
    }

    @Test
    void ocspResponder_noneStored_isEmpty() {
        assertThat(newest()).isEmpty();
    }

    @Test
    void ocspResponder_twoStored_returnsTheOneWithTheLatestNotAfter() {
        DelegatedResponder older = responder(1, T0, Duration.ofDays(30));
        DelegatedResponder newer = responder(2, T0.plus(Duration.ofDays(20)), Duration.ofDays(30));
        store.write(tx -> {
            issue(tx, newer.serial());
            tx.insert(newer);
            issue(tx, older.serial());
            tx.insert(older);
            return null;
        });

        Optional<DelegatedResponder> found = newest();

        assertThat(found).hasValueSatisfying(r -> {
            assertThat(r.serial()).isEqualTo(newer.serial());
            assertThat(r.key()).isEqualTo(newer.key());
            assertThat(r.certificateDer()).isEqualTo(newer.certificateDer());
            assertThat(r.notBefore()).isEqualTo(newer.notBefore());
            assertThat(r.notAfter()).isEqualTo(newer.notAfter());
            assertThat(r.createdAt()).isEqualTo(newer.createdAt());
        });
    }

    @Test
    void insertResponder_withoutItsCertificateRow_isRefused() {
        DelegatedResponder orphan = responder(3, T0, Duration.ofDays(30));

        assertThatThrownBy(() -> store.write(tx -> {
            tx.insert(orphan);
            return null;
        })).isInstanceOf(CastellanException.class);
        assertThat(newest()).isEmpty();
    }

    @Test
    void forEachRevokedSince_visitsRevocationsAtOrAfterTheInstantOfEveryCaOldestFirst() {
        UUID other = UUID.randomUUID();
        Instant t1 = T0.plusSeconds(10);
        Instant t2 = T0.plusSeconds(20);
        Instant t3 = T0.plusSeconds(30);
        store.write(tx -> {
            tx.insert(CaFixtures.minimal(other, T0));
            revoke(tx, ca, new Serial(BigInteger.valueOf(0x11)), t3);
            revoke(tx, ca, new Serial(BigInteger.valueOf(0x12)), t1);
            revoke(tx, other, new Serial(BigInteger.valueOf(0x13)), t2);
            issue(tx, ca, new Serial(BigInteger.valueOf(0x14)));
            return null;
        });

        List<RecentRevocation> seen = new ArrayList<>();
        store.read(tx -> {
            tx.forEachRevokedSince(t2, seen::add);
            return null;
        });

        assertThat(seen).containsExactly(new RecentRevocation(other, new Serial(BigInteger.valueOf(0x13)), t2),
                new RecentRevocation(ca, new Serial(BigInteger.valueOf(0x11)), t3));
    }

    private Optional<DelegatedResponder> newest() {
        return store.read(tx -> tx.ocspResponder(ca));
    }

    private DelegatedResponder responder(int serial, Instant notBefore, Duration validity) {
        return new DelegatedResponder(ca, new Serial(BigInteger.valueOf(0x100 + serial)), new KeyRef("software:key-" + serial),
                new byte[] {0x30, 0x03, 0x02, 0x01, (byte) serial}, notBefore, notBefore.plus(validity), notBefore);
    }

    private void issue(dev.castellan.authority.store.WriteTransaction tx, Serial serial) {
        issue(tx, ca, serial);
    }

    private static void issue(dev.castellan.authority.store.WriteTransaction tx, UUID caId, Serial serial) {
        tx.insert(IssuedCertificate.pending(caId, serial, T0, T0.plus(Duration.ofDays(30)), T0, TEMPLATE));
        tx.markIssued(caId, serial, new byte[] {0x30, 0x00}, T0);
    }

    private static void revoke(dev.castellan.authority.store.WriteTransaction tx, UUID caId, Serial serial, Instant at) {
        issue(tx, caId, serial);
        assertThat(tx.revoke(caId, serial, at, RevocationReason.KEY_COMPROMISE)).isTrue();
    }
}
