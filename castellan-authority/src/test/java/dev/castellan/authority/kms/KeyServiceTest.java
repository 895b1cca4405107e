package dev.castellan.authority.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The key service's rules that depend on time and on races, which the integration tests cannot steer: a clock
 * advanced by hand past deletion dates, and a key disabled while the provider is signing.
 */
class KeyServiceTest {
    private static final Principal ADMIN = new Principal("AKIATEST", "tester", Principal.Role.ADMINISTRATOR);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);

    /** A clock that only moves when the test says so. */
    static final class ManualClock implements InstantSource {
        Instant now = Instant.parse("2026-11-28T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    private final ManualClock clock = new ManualClock();
    private final MapKmsKeyStore store = new MapKmsKeyStore();
    private final JdkKeyProvider provider = new JdkKeyProvider();
    private final KeyService service = new KeyService(new AuthoritySettings("aws", "us-east-1", "111122223333"), store,
            provider, clock);

    private KeyService.KeyView newKey() {
        return service.createKey(ADMIN, new KeyService.CreateKeyRequest(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, ""));
    }

    private KeyService.SignResult sign(String keyId) {
        return service.sign(ADMIN, new SignRequest(keyId, MESSAGE, MessageType.RAW, KmsSigningAlgorithm.ECDSA_SHA_256,
                false));
    }

    private static ErrorCode code(ThrowingCallable call) {
        ErrorCode[] seen = new ErrorCode[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(CastellanException.class, e -> seen[0] = e.code());
        return seen[0];
    }

    @Test
    void scheduleKeyDeletion_noWindowGiven_deletesAfter30Days() {
        String id = newKey().arn().keyId();
        KeyService.KeyView pending = service.scheduleKeyDeletion(ADMIN, id, null);

        assertThat(pending.key().deletionDate()).isEqualTo(clock.now.plus(Duration.ofDays(30)));
        assertThat(pending.key().pendingWindowInDays()).isEqualTo(30);
    }

    @Test
    void describeKey_deletionDatePassed_isNotFoundAndNoLongerListed() {
        String id = newKey().arn().keyId();
        service.scheduleKeyDeletion(ADMIN, id, 7);
        clock.advance(Duration.ofDays(7).minusMillis(1));
        assertThat(service.describeKey(ADMIN, id).key().state()).isEqualTo(KeyState.PendingDeletion);

        clock.advance(Duration.ofMillis(1));
        assertThat(code(() -> service.describeKey(ADMIN, id))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(code(() -> service.cancelKeyDeletion(ADMIN, id))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(service.listKeys(ADMIN, 100, null).items()).isEmpty();
    }

    @Test
    void purgeDeletedKeys_afterTheDate_destroysTheMaterialRemovesKeyAndAliasesAndAuditsOnce() {
        KeyService.KeyView due = newKey();
        KeyService.KeyView later = newKey();
        KeyService.KeyView kept = newKey();
        service.createAlias(ADMIN, "alias/due", due.arn().keyId());
        service.createAlias(ADMIN, "alias/kept", kept.arn().keyId());
        service.scheduleKeyDeletion(ADMIN, due.arn().keyId(), 7);
        service.scheduleKeyDeletion(ADMIN, later.arn().keyId(), 30);
        clock.advance(Duration.ofDays(7));

        int removed = service.purgeDeletedKeys();
        int again = service.purgeDeletedKeys();

        assertThat(removed).isEqualTo(1);
        assertThat(again).isZero();
        assertThat(provider.holds(due.key().keyRef())).isFalse();
        assertThat(provider.holds(later.key().keyRef())).isTrue();
        assertThat(provider.holds(kept.key().keyRef())).isTrue();
        Optional<KmsKey> dueRow = store.read(tx -> tx.key(due.key().id()));
        Optional<KmsAlias> dueAlias = store.read(tx -> tx.alias("alias/due"));
        Optional<KmsAlias> keptAlias = store.read(tx -> tx.alias("alias/kept"));
        assertThat(dueRow).isEmpty();
        assertThat(dueAlias).isEmpty();
        assertThat(keptAlias).isPresent();
        List<AuditEvent> deletions = store.events().stream().filter(e -> e.action().equals("kms:DeleteKey")).toList();
        assertThat(deletions).singleElement().satisfies(e -> {
            assertThat(e.principal()).contains("castellan-system");
            assertThat(e.resource()).isEqualTo(due.arn().toString());
            assertThat(e.detail()).contains("destroyed");
        });
        assertThat(service.describeKey(ADMIN, later.arn().keyId()).key().state()).isEqualTo(KeyState.PendingDeletion);
    }

    @Test
    void purgeDeletedKeys_oneKeyCannotBeDestroyed_theOthersAreStillRemovedAndItIsRetriedNextTime() {
        KeyService.KeyView first = newKey();
        KeyService.KeyView stuck = newKey();
        KeyService.KeyView last = newKey();
        for (KeyService.KeyView k : List.of(first, stuck, last)) {
            service.scheduleKeyDeletion(ADMIN, k.arn().keyId(), 7);
        }
        clock.advance(Duration.ofDays(7));
        provider.refuseDestroy = ref -> ref.equals(stuck.key().keyRef());

        assertThatThrownBy(service::purgeDeletedKeys).isInstanceOfSatisfying(CastellanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL);
            assertThat(e.getMessage()).contains("1 key(s)").contains("2 removed").contains(stuck.arn().toString());
        });
        assertThat(provider.holds(first.key().keyRef())).isFalse();
        assertThat(provider.holds(last.key().keyRef())).isFalse();
        assertThat(provider.holds(stuck.key().keyRef())).isTrue();
        Optional<KmsKey> kept = store.read(tx -> tx.key(stuck.key().id()));
        assertThat(kept).isPresent(); // past its date it is gone for every caller; only its row waits for the retry

        provider.refuseDestroy = ref -> false;
        assertThat(service.purgeDeletedKeys()).isEqualTo(1);
        assertThat(provider.holds(stuck.key().keyRef())).isFalse();
        Optional<KmsKey> stuckRow = store.read(tx -> tx.key(stuck.key().id()));
        assertThat(stuckRow).isEmpty();
        assertThat(store.events().stream().filter(e -> e.action().equals("kms:DeleteKey"))).hasSize(3);
    }

    @Test
    void purgeDeletedKeys_beforeTheDate_removesNothing() {
        KeyService.KeyView key = newKey();
        service.scheduleKeyDeletion(ADMIN, key.arn().keyId(), 7);
        clock.advance(Duration.ofDays(7).minusMillis(1));

        assertThat(service.purgeDeletedKeys()).isZero();
        assertThat(provider.holds(key.key().keyRef())).isTrue();
        assertThat(service.cancelKeyDeletion(ADMIN, key.arn().keyId())).isEqualTo(key.arn());
    }

    @Test
    void createAlias_nameHeldByADeletedKey_isTakenAgain() {
        String old = newKey().arn().keyId();
        String fresh = newKey().arn().keyId();
        service.createAlias(ADMIN, "alias/reused", old);
        service.scheduleKeyDeletion(ADMIN, old, 7);
        assertThat(code(() -> service.createAlias(ADMIN, "alias/reused", fresh))).isEqualTo(ErrorCode.ALREADY_EXISTS);

        clock.advance(Duration.ofDays(8));
        assertThat(service.listAliases(ADMIN, null, 50, null).items()).isEmpty();
        assertThat(code(() -> service.describeKey(ADMIN, "alias/reused"))).isEqualTo(ErrorCode.NOT_FOUND);
        service.createAlias(ADMIN, "alias/reused", fresh);

        assertThat(service.describeKey(ADMIN, "alias/reused").arn().keyId()).isEqualTo(fresh);
    }

    @Test
    void sign_keyDisabledWhileTheProviderSigns_isRefusedAndAuditedAsFailure() {
        String id = newKey().arn().keyId();
        provider.duringSign = () -> service.disableKey(ADMIN, id);

        assertThat(code(() -> sign(id))).isEqualTo(ErrorCode.DISABLED);
        AuditEvent last = store.events().getLast();
        assertThat(last.action()).isEqualTo("kms:Sign");
        assertThat(last.outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(last.detail()).contains("discarded").contains("disabled");
    }

    @Test
    void sign_enabledKey_auditsAlgorithmMessageTypeAndMessageHashBeforeReturning() throws Exception {
        KeyService.KeyView key = newKey();
        KeyService.SignResult signed = sign(key.arn().toString());

        AuditEvent last = store.events().getLast();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MESSAGE));
        assertThat(last.action()).isEqualTo("kms:Sign");
        assertThat(last.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(last.resource()).isEqualTo(key.arn().toString());
        assertThat(last.principal()).isEqualTo("tester/AKIATEST");
        assertThat(last.detail()).isEqualTo("ECDSA_SHA_256 RAW sha256:" + hash);
        assertThat(signed.arn()).isEqualTo(key.arn());
    }

    @Test
    void stateChanges_eachOne_writesOneAuditEventNamingTheTransition() {
        String id = newKey().arn().keyId();
        service.disableKey(ADMIN, id);
        service.enableKey(ADMIN, id);
        service.scheduleKeyDeletion(ADMIN, id, 10);
        service.cancelKeyDeletion(ADMIN, id);

        assertThat(store.events()).extracting(e -> e.action() + " " + e.detail()).containsExactly(
                "kms:CreateKey ECC_NIST_P256 SIGN_VERIFY in " + store.read(tx -> tx.key(UUID.fromString(id)))
                        .orElseThrow().keyRef(),
                "kms:DisableKey Enabled -> Disabled",
                "kms:EnableKey Disabled -> Enabled",
                "kms:ScheduleKeyDeletion Enabled -> PendingDeletion",
                "kms:CancelKeyDeletion PendingDeletion -> Disabled");
    }

    @Test
    void refusedChange_leavesNoAuditEvent() {
        String id = newKey().arn().keyId();
        int before = store.events().size();

        assertThat(code(() -> service.cancelKeyDeletion(ADMIN, id))).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(code(() -> service.scheduleKeyDeletion(ADMIN, id, 31))).isEqualTo(ErrorCode.VALIDATION);
        assertThat(store.events()).hasSize(before);
    }

    @Test
    void listKeys_markerOfTheAliasListingOrGarbage_failsInvalidNextToken() {
        for (int i = 0; i < 3; i++) {
            String id = newKey().arn().keyId();
            service.createAlias(ADMIN, "alias/a" + i, id);
        }
        String aliasMarker = service.listAliases(ADMIN, null, 1, null).nextMarker();
        String keyMarker = service.listKeys(ADMIN, 1, null).nextMarker();

        assertThat(aliasMarker).isNotNull();
        assertThat(service.listKeys(ADMIN, 1, keyMarker).items()).hasSize(1);
        assertThat(code(() -> service.listKeys(ADMIN, 1, aliasMarker))).isEqualTo(ErrorCode.INVALID_NEXT_TOKEN);
        assertThat(code(() -> service.listKeys(ADMIN, 1, "%%%"))).isEqualTo(ErrorCode.INVALID_NEXT_TOKEN);
        assertThat(code(() -> service.listAliases(ADMIN, null, 1, keyMarker))).isEqualTo(ErrorCode.INVALID_NEXT_TOKEN);
    }
}
