package dev.castellan.store.jdbc;

import static dev.castellan.store.jdbc.CaFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.crl.CrlPublication;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.store.ReadTransaction;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.crl.CrlEntry;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the store must do for revocation and CRL publication, whatever the database: revocation marks, CRL scopes
 * and their atomic binding, streaming of revoked entries, monotonic publication and the publisher lease.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class CrlStoreContract {
    static final String URI = "http://127.0.0.1:7700/b/crl/ca/p.crl";

    abstract String freshUrl() throws Exception;

    abstract String user();

    JdbcStore store;
    UUID ca;

    @BeforeEach
    final void open() throws Exception {
        store = JdbcStore.open(freshUrl(), user(), null);
        ca = UUID.randomUUID();
        write(tx -> tx.insert(CaFixtures.minimal(ca, T0)));
    }

    @AfterEach
    final void close() {
        store.close();
    }

    final void write(Consumer<WriteTransaction> work) {
        store.write(tx -> {
            work.accept(tx);
            return null;
        });
    }

    final <T> T read(Function<ReadTransaction, T> work) {
        return store.read(work);
    }

    // Typed shorthands: AssertJ's overloaded assertThat cannot infer the type of a generic store call.
    final boolean ok(Function<WriteTransaction, Boolean> work) {
        return store.write(work);
    }

    final boolean yes(Function<ReadTransaction, Boolean> work) {
        return store.read(work);
    }

    final long number(Function<ReadTransaction, Number> work) {
        return store.read(work).longValue();
    }

    final Optional<CrlScope> maybeScope(Function<ReadTransaction, Optional<CrlScope>> work) {
        return store.read(work);
    }

    final CrlScope scope(UUID id) {
        return store.read(tx -> tx.crlScope(ca, id)).orElseThrow();
    }

    final List<CrlScope> scopes(Function<ReadTransaction, List<CrlScope>> work) {
        return store.read(work);
    }

    final IssuedCertificate certificate(Serial serial) {
        return store.read(tx -> tx.certificate(ca, serial)).orElseThrow();
    }

    /** An ISSUED certificate with the given serial, bound to the partition (null = complete CRL). */
    final Serial issued(String hex, UUID partition, Instant notAfter) {
        Serial serial = Serial.parseHex(hex);
        write(tx -> tx.insert(IssuedCertificate.pending(ca, serial, T0, notAfter, T0, "t", partition)));
        write(tx -> tx.markIssued(ca, serial, new byte[] {0x30}, T0));
        return serial;
    }

    final CrlScope partition(int ordinal, long capacity) {
        CrlScope p = CrlScope.newPartition(ca, UUID.randomUUID(), ordinal, capacity, "b", "crl/" + ordinal, URI, T0);
        assertThat(ok(tx -> tx.insert(p))).isTrue();
        return p;
    }

    final List<CrlEntry> revoked(UUID partition, Instant floor) {
        List<CrlEntry> out = new ArrayList<>();
        read(tx -> {
            tx.forEachRevoked(ca, partition, floor, out::add);
            return null;
        });
        return out;
    }

    // ----- revocation

    @Test
    void revoke_issuedCertificate_marksItOnceAndKeepsItsPartition() {
        CrlScope p = partition(1, 10);
        Serial serial = issued("8f01", p.scopeId(), T0.plusSeconds(3600));

        assertThat(ok(tx -> tx.revoke(ca, serial, T0.plusSeconds(5), RevocationReason.KEY_COMPROMISE))).isTrue();
        assertThat(ok(tx -> tx.revoke(ca, serial, T0.plusSeconds(9), RevocationReason.SUPERSEDED))).isFalse();

        IssuedCertificate c = certificate(serial);
        assertThat(c.revokedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(c.revocationReason()).isEqualTo("KEY_COMPROMISE");
        assertThat(c.crlPartition()).isEqualTo(p.scopeId());
    }

    @Test
    void revoke_pendingOrUnknownCertificate_changesNothing() {
        Serial pending = Serial.parseHex("a1");
        write(tx -> tx.insert(IssuedCertificate.pending(ca, pending, T0, T0.plusSeconds(60), T0, "t")));

        assertThat(ok(tx -> tx.revoke(ca, pending, T0, RevocationReason.UNSPECIFIED))).isFalse();
        assertThat(ok(tx -> tx.revoke(ca, Serial.parseHex("b2"), T0, RevocationReason.UNSPECIFIED))).isFalse();
        assertThat(certificate(pending).crlPartition()).isNull();
    }

    // ----- scopes and binding

    @Test
    void bindToCrlScope_partitionFilledToCapacity_closesWithTheLastCertificateAndRefusesMore() {
        CrlScope p = partition(1, 3);

        assertThat(maybeScope(tx -> tx.openCrlPartition(ca))).get().extracting(CrlScope::scopeId).isEqualTo(p.scopeId());
        assertThat(ok(tx -> tx.bindToCrlScope(ca, p.scopeId()))).isTrue();
        assertThat(ok(tx -> tx.bindToCrlScope(ca, p.scopeId()))).isTrue();
        assertThat(ok(tx -> tx.bindToCrlScope(ca, p.scopeId()))).isFalse();

        CrlScope full = scope(p.scopeId());
        assertThat(full.assigned()).isEqualTo(3);
        assertThat(full.closed()).isTrue();
        assertThat(maybeScope(tx -> tx.openCrlPartition(ca))).isEmpty();
        assertThat(number(tx -> tx.boundCertificates(ca))).isEqualTo(3);
    }

    @Test
    void insert_secondOpenPartitionOrSameOrdinal_isRefusedWithoutError() {
        CrlScope first = partition(1, 5);

        CrlScope secondOpen = CrlScope.newPartition(ca, UUID.randomUUID(), 2, 5, "b", "k", URI, T0);
        CrlScope sameOrdinal = CrlScope.newPartition(ca, UUID.randomUUID(), 1, 5, "b", "k", URI, T0);
        assertThat(ok(tx -> tx.insert(secondOpen))).isFalse();
        write(tx -> tx.closeCrlScope(ca, first.scopeId()));
        assertThat(ok(tx -> tx.insert(sameOrdinal))).isFalse();
        assertThat(ok(tx -> tx.insert(secondOpen))).isTrue();

        assertThat(number(tx -> tx.lastCrlPartitionOrdinal(ca))).isEqualTo(2);
        assertThat(scopes(tx -> tx.crlScopes(ca))).extracting(CrlScope::ordinal).containsExactly(1, 2);
    }

    @Test
    void bindToCrlScope_completeCrlAtItsLimit_refusesTheNextCertificate() {
        write(tx -> tx.insert(CrlScope.newComplete(ca, 0, T0)));
        write(tx -> tx.setCrlScopeAssigned(ca, ca, CrlScope.COMPLETE_CRL_LIMIT - 1));

        assertThat(ok(tx -> tx.bindToCrlScope(ca, ca))).isTrue();
        assertThat(ok(tx -> tx.bindToCrlScope(ca, ca))).isFalse();
        assertThat(maybeScope(tx -> tx.crlScope(ca, ca))).get().extracting(CrlScope::closed).isEqualTo(false);
    }

    @Test
    void bindToCrlScope_sixteenConcurrentIssuers_neverOverfillAPartition() throws Exception {
        CrlScope p = partition(1, 50);
        AtomicInteger bound = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> {
                    for (int j = 0; j < 5; j++) {
                        if (store.write(tx -> tx.bindToCrlScope(ca, p.scopeId()))) {
                            bound.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // A new partition already holds the certificate that opened it.
        assertThat(bound.get()).isEqualTo(49);
        assertThat(scope(p.scopeId()).assigned()).isEqualTo(50);
        assertThat(scope(p.scopeId()).closed()).isTrue();
    }

    @Test
    void certificateCount_countsPendingAndIssuedRows() {
        issued("c1", null, T0.plusSeconds(60));
        write(tx -> tx.insert(IssuedCertificate.pending(ca, Serial.parseHex("c2"), T0, T0.plusSeconds(60), T0, "t")));

        assertThat(number(tx -> tx.certificateCount(ca))).isEqualTo(2);
        assertThat(number(tx -> tx.boundCertificates(ca))).isZero();
    }

    // ----- streaming revoked entries

    @Test
    void forEachRevoked_mixedScopes_returnsOnlyTheScopesRevokedUnexpiredEntriesInSerialOrder() {
        CrlScope p = partition(1, 10);
        Instant later = T0.plus(Duration.ofDays(30));
        Serial a = issued("f0", p.scopeId(), later);
        Serial b = issued("0a", p.scopeId(), later);
        Serial expired = issued("0b", p.scopeId(), T0.plusSeconds(10));
        Serial notRevoked = issued("0c", p.scopeId(), later);
        Serial complete = issued("0d", null, later);
        for (Serial s : List.of(a, b, expired, complete)) {
            write(tx -> tx.revoke(ca, s, T0.plusSeconds(1), RevocationReason.CESSATION_OF_OPERATION));
        }

        assertThat(revoked(p.scopeId(), T0.plusSeconds(60))).extracting(CrlEntry::serial).containsExactly(b, a);
        assertThat(revoked(p.scopeId(), Instant.EPOCH)).extracting(CrlEntry::serial).containsExactly(b, expired, a);
        assertThat(revoked(null, Instant.EPOCH)).singleElement()
                .isEqualTo(new CrlEntry(complete, T0.plusSeconds(1), RevocationReason.CESSATION_OF_OPERATION));
        assertThat(revoked(p.scopeId(), Instant.EPOCH)).extracting(CrlEntry::serial).doesNotContain(notRevoked);
    }

    @Test
    void forEachRevoked_fiveThousandEntries_streamsEveryOneOnce() {
        CrlScope p = partition(1, 10_000);
        write(tx -> {
            for (int i = 0; i < 5_000; i++) {
                Serial s = Serial.parseHex(String.format("8%031x", i));
                tx.insert(IssuedCertificate.pending(ca, s, T0, T0.plusSeconds(86_400), T0, "t", p.scopeId()));
                tx.markIssued(ca, s, new byte[] {0x30}, T0);
                tx.revoke(ca, s, T0, RevocationReason.KEY_COMPROMISE);
            }
        });

        List<CrlEntry> entries = revoked(p.scopeId(), T0);
        assertThat(entries).hasSize(5_000);
        assertThat(entries.stream().map(e -> e.serial().value()).distinct().count()).isEqualTo(5_000);
        assertThat(entries.getFirst().serial().hex()).isEqualTo("8" + "0".repeat(31));
    }

    // ----- freshness and publication

    @Test
    void crlScopesDue_newDirtyAndRefreshDueScopes_listedDirtyFirst() {
        CrlScope p1 = partition(1, 10);
        write(tx -> tx.closeCrlScope(ca, p1.scopeId()));
        CrlScope p2 = partition(2, 10);
        publish(p1, 1, T0.plusSeconds(100));
        publish(p2, 1, T0.plusSeconds(50));

        assertThat(scopes(tx -> tx.crlScopesDue(T0.plusSeconds(10)))).isEmpty();
        write(tx -> tx.markCrlScopeDirty(ca, p1.scopeId()));
        assertThat(scopes(tx -> tx.crlScopesDue(T0.plusSeconds(60)))).extracting(CrlScope::scopeId)
                .containsExactly(p1.scopeId(), p2.scopeId());
        assertThat(scope(p1.scopeId()).dirty()).isTrue();
    }

    @Test
    void publish_staleNumber_isRefusedAndTheNewerCrlStays() {
        CrlScope p = partition(1, 10);
        write(tx -> tx.markCrlScopeDirty(ca, p.scopeId()));
        assertThat(ok(tx -> tx.reserveCrlNumber(ca, p.scopeId(), 200))).isTrue();
        assertThat(ok(tx -> tx.reserveCrlNumber(ca, p.scopeId(), 100))).isFalse();
        assertThat(ok(tx -> tx.publish(crl(p, 200), 2, T0.plusSeconds(60)))).isTrue();

        assertThat(ok(tx -> tx.publish(crl(p, 150), 3, T0.plusSeconds(60)))).isFalse();
        assertThat(ok(tx -> tx.publish(crl(p, 200), 3, T0.plusSeconds(60)))).isFalse();

        CrlPublication stored = store.read(tx -> tx.crlPublication(ca, p.scopeId())).orElseThrow();
        assertThat(stored.crlNumber()).isEqualTo(200);
        assertThat(stored.der()).containsExactly(0x30, 0x00, (byte) 200);
        CrlScope after = scope(p.scopeId());
        assertThat(after.crlNumber()).isEqualTo(200);
        assertThat(after.publishedGeneration()).isEqualTo(2);
        assertThat(after.dirty()).isFalse();
        assertThat(ok(tx -> tx.reserveCrlNumber(ca, p.scopeId(), 200))).isFalse();
    }

    @Test
    void publish_olderSnapshotAfterNewer_neverLowersThePublishedGeneration() {
        CrlScope p = partition(1, 10);
        write(tx -> tx.reserveCrlNumber(ca, p.scopeId(), 20));
        write(tx -> tx.publish(crl(p, 10), 5, T0.plusSeconds(60)));
        write(tx -> tx.publish(crl(p, 20), 3, T0.plusSeconds(60)));

        assertThat(scope(p.scopeId()).publishedGeneration()).isEqualTo(5);
    }

    // ----- lease

    @Test
    void acquireLease_heldByAnother_refusedUntilItExpiresThenTakenOver() {
        assertThat(ok(tx -> tx.acquireLease("L", "node-a", T0, T0.plusSeconds(30)))).isTrue();
        assertThat(ok(tx -> tx.acquireLease("L", "node-b", T0.plusSeconds(10), T0.plusSeconds(40)))).isFalse();
        assertThat(ok(tx -> tx.acquireLease("L", "node-a", T0.plusSeconds(20), T0.plusSeconds(50)))).isTrue();
        assertThat(ok(tx -> tx.acquireLease("L", "node-b", T0.plusSeconds(49), T0.plusSeconds(79)))).isFalse();

        assertThat(ok(tx -> tx.acquireLease("L", "node-b", T0.plusSeconds(50), T0.plusSeconds(80)))).isTrue();
        assertThat(yes(tx -> tx.holdsLease("L", "node-b", T0.plusSeconds(51)))).isTrue();
        assertThat(yes(tx -> tx.holdsLease("L", "node-a", T0.plusSeconds(51)))).isFalse();
        assertThat(yes(tx -> tx.holdsLease("L", "node-b", T0.plusSeconds(80)))).isFalse();
    }

    private CrlPublication crl(CrlScope p, long number) {
        return new CrlPublication(ca, p.scopeId(), number, T0, T0.plusSeconds(86_400), new byte[] {0x30, 0x00, (byte) number});
    }

    private void publish(CrlScope p, long number, Instant refreshAt) {
        write(tx -> tx.reserveCrlNumber(ca, p.scopeId(), number));
        CrlScope now = scope(p.scopeId());
        assertThat(ok(tx -> tx.publish(crl(p, number), now.generation(), refreshAt))).isTrue();
    }
}
