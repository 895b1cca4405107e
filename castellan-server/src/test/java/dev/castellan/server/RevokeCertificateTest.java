package dev.castellan.server;

import static dev.castellan.server.RevocationHarness.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.SigningAlgorithm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RevokeCertificate through the Authority: durability, audit, the CRL scope it dirties, and every refusal. */
class RevokeCertificateTest {
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

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void revoke_issuedCertificate_isStoredAuditedAndDirtiesItsCrl() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        long generation = h.store.read(tx -> tx.crlScope(ca.id(), ca.id())).orElseThrow().generation();

        h.authority.revokeCertificate(ADMIN, ca, serial.colonHex().toUpperCase(Locale.ROOT), RevocationReason.KEY_COMPROMISE);

        IssuedCertificate stored = h.store.read(tx -> tx.certificate(ca.id(), serial)).orElseThrow();
        assertThat(stored.revokedAt()).isEqualTo(RevocationHarness.T0);
        assertThat(stored.revocationReason()).isEqualTo("KEY_COMPROMISE");
        CrlScope scope = h.store.read(tx -> tx.crlScope(ca.id(), ca.id())).orElseThrow();
        assertThat(scope.generation()).isEqualTo(generation + 1);
        assertThat(scope.dirty()).isTrue();
        assertThat(auditDetails("RevokeCertificate")).singleElement().asString()
                .contains("KEY_COMPROMISE", ca.toString() + "/certificate/" + serial.hex());
    }

    @Test
    void revoke_twice_failsAlreadyProcessedAndKeepsTheFirstReason() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        h.revoke(ca, serial, RevocationReason.SUPERSEDED);

        assertCode(() -> h.revoke(ca, serial, RevocationReason.KEY_COMPROMISE), ErrorCode.ALREADY_PROCESSED);
        assertThat(h.store.read(tx -> tx.certificate(ca.id(), serial)).orElseThrow().revocationReason()).isEqualTo("SUPERSEDED");
    }

    @Test
    void revoke_unknownSerial_failsNotFound() {
        assertCode(() -> h.authority.revokeCertificate(ADMIN, ca, "01:02:03", RevocationReason.UNSPECIFIED), ErrorCode.NOT_FOUND);
    }

    @Test
    void revoke_malformedSerials_failInvalidRequest() {
        for (String bad : new String[] {"", "xyz", "0", "00:00", "1".repeat(41)}) {
            assertCode(() -> h.authority.revokeCertificate(ADMIN, ca, bad, RevocationReason.UNSPECIFIED), ErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void revoke_theCasOwnCertificate_failsInvalidRequest() {
        String own = h.ca(ca).certificateSerialHex();

        assertCode(() -> h.authority.revokeCertificate(ADMIN, ca, own, RevocationReason.KEY_COMPROMISE), ErrorCode.INVALID_REQUEST);
    }

    @Test
    void revoke_pendingCertificate_failsRequestInProgress() {
        Serial pending = Serial.parseHex("8f00aa");
        h.store.write(tx -> {
            tx.insert(IssuedCertificate.pending(ca.id(), pending, RevocationHarness.T0, RevocationHarness.T0.plusSeconds(60),
                    RevocationHarness.T0, RevocationHarness.TEMPLATE));
            return null;
        });

        assertCode(() -> h.revoke(ca, pending, RevocationReason.UNSPECIFIED), ErrorCode.REQUEST_IN_PROGRESS);
    }

    @Test
    void revoke_disabledCa_isAllowedButDeletedOrExpiredCaIsInvalidState() throws Exception {
        Serial first = h.issue(ca, Duration.ofDays(30)).serial();
        Serial second = h.issue(ca, Duration.ofDays(30)).serial();
        h.authority.updateCertificateAuthority(ADMIN, ca, null, CaStatus.DISABLED);
        h.revoke(ca, first, RevocationReason.CESSATION_OF_OPERATION);

        h.authority.deleteCertificateAuthority(ADMIN, ca, 7);
        assertCode(() -> h.revoke(ca, second, RevocationReason.UNSPECIFIED), ErrorCode.INVALID_STATE);
        h.authority.restoreCertificateAuthority(ADMIN, ca);
        h.clock.advance(Duration.ofDays(3651));
        assertCode(() -> h.revoke(ca, second, RevocationReason.UNSPECIFIED), ErrorCode.INVALID_STATE);
    }

    @Test
    void revoke_listenerRegistered_isToldAfterCommit() throws Exception {
        Serial serial = h.issue(ca, Duration.ofDays(30)).serial();
        java.util.List<String> heard = new java.util.ArrayList<>();
        h.authority.addRevocationListener((caId, s, at, reason) -> heard.add(caId + " " + s.hex() + " " + reason));

        h.revoke(ca, serial, RevocationReason.A_A_COMPROMISE);

        assertThat(heard).containsExactly(ca.id() + " " + serial.hex() + " A_A_COMPROMISE");
    }

    private java.util.List<String> auditDetails(String action) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("castellan.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT resource, detail FROM audit_event WHERE action = '" + action + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }
}
