package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.kms.KeyService;
import dev.castellan.authority.kms.KeySpec;
import dev.castellan.authority.kms.KeyUsage;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.keys.software.MasterKey;
import dev.castellan.keys.software.SoftwareKeyProvider;
import dev.castellan.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The purge as the server runs it: on its own thread, against the real SQLite store and software key provider. */
class KmsKeyPurgeTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Principal ADMIN = new Principal("AKIATEST", "tester", Principal.Role.ADMINISTRATOR);

    @TempDir
    Path dir;

    @Test
    void start_keyPastItsDeletionDate_isDestroyedWithItsSealedMaterialAndAudited() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("castellan.db");
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
        try (JdbcStore store = JdbcStore.open(url, null, null)) {
            SoftwareKeyProvider keys = new SoftwareKeyProvider(store, MasterKey.of(new byte[32], RANDOM), RANDOM);
            KeyService service = new KeyService(new AuthoritySettings("aws", "us-east-1", "111122223333"),
                    store.kmsKeys(), keys, clock);
            KeyService.KeyView doomed = service.createKey(ADMIN,
                    new KeyService.CreateKeyRequest(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, "doomed"));
            KeyService.KeyView kept = service.createKey(ADMIN,
                    new KeyService.CreateKeyRequest(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, "kept"));
            service.scheduleKeyDeletion(ADMIN, doomed.arn().keyId(), 7);
            clock.advance(Duration.ofDays(7));

            try (BackgroundTask purge = KmsKeyPurge.start(service)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (store.load(doomed.key().keyRef().id()).isPresent() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }

            assertThat(store.load(doomed.key().keyRef().id())).isEmpty();
            assertThat(store.load(kept.key().keyRef().id())).isPresent();
            assertThatThrownBy(() -> keys.publicKey(doomed.key().keyRef())).isInstanceOf(CastellanException.class);
            assertThatThrownBy(() -> service.describeKey(ADMIN, doomed.arn().keyId()))
                    .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(service.describeKey(ADMIN, kept.arn().keyId()).key().description()).isEqualTo("kept");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_event WHERE action = 'kms:DeleteKey'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void every_runThatThrows_isLoggedAndTheNextRunStillHappens() throws Exception {
        java.util.concurrent.CountDownLatch thirdRun = new java.util.concurrent.CountDownLatch(3);
        try (BackgroundTask task = BackgroundTask.every("test-task", Duration.ZERO, Duration.ofMillis(5),
                Duration.ofSeconds(5), () -> {
                    thirdRun.countDown();
                    throw new IllegalStateException("every run fails");
                })) {
            assertThat(thirdRun.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
