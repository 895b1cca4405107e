package dev.castellan.authority.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sign remembers the keys that signed so that it needs no read transaction the next time, yet never trusts memory
 * for what may change: the key's state and the target of an alias.
 */
class RememberedKeyTest {
    private static final Principal ADMIN = new Principal("AKIATEST", "tester", Principal.Role.ADMINISTRATOR);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.UTF_8);

    private final MapKmsKeyStore store = new MapKmsKeyStore();
    private final JdkKeyProvider provider = new JdkKeyProvider();
    private final KeyService service = new KeyService(new AuthoritySettings("aws", "us-east-1", "111122223333"), store,
            provider, InstantSource.fixed(java.time.Instant.parse("2026-11-28T12:00:00Z")));

    private String newKey() {
        return service.createKey(ADMIN, new KeyService.CreateKeyRequest(KeySpec.ECC_NIST_P256, KeyUsage.SIGN_VERIFY, ""))
                .arn().keyId();
    }

    private KeyService.SignResult sign(String keyId, boolean dryRun) {
        return service.sign(ADMIN, new SignRequest(keyId, MESSAGE, MessageType.RAW, KmsSigningAlgorithm.ECDSA_SHA_256,
                dryRun));
    }

    private List<AuditEvent> signEvents() {
        return store.events().stream().filter(e -> e.action().equals("kms:Sign")).toList();
    }

    @Test
    void sign_sameKeyIdAgain_needsNoReadTransaction() {
        String id = newKey();
        sign(id, false);
        int reads = store.reads();

        sign(id, false);
        sign(id, false);

        assertThat(store.reads()).isEqualTo(reads);
        assertThat(signEvents()).hasSize(3).allMatch(e -> e.outcome() == AuditEvent.Outcome.SUCCESS);
    }

    @Test
    void sign_rememberedKeyDisabledSince_isRefusedAuditedAndForgotten() {
        String id = newKey();
        sign(id, false);
        service.disableKey(ADMIN, id);

        assertThatThrownBy(() -> sign(id, false)).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DISABLED));
        assertThat(signEvents().getLast().outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(signEvents().getLast().detail()).contains("discarded").contains("disabled");
        int reads = store.reads();
        int events = signEvents().size();

        assertThatThrownBy(() -> sign(id, false)).isInstanceOf(CastellanException.class);
        assertThat(store.reads()).as("forgotten: read again").isEqualTo(reads + 1);
        assertThat(signEvents()).as("refused before signing, as before remembering").hasSize(events);
    }

    @Test
    void sign_aliasMovedToAnotherKeySinceItSigned_signsWithTheNewTarget() throws Exception {
        String first = newKey();
        String second = newKey();
        service.createAlias(ADMIN, "alias/release", first);
        sign("alias/release", false);
        service.deleteAlias(ADMIN, "alias/release");
        service.createAlias(ADMIN, "alias/release", second);

        KeyService.SignResult signed = sign("alias/release", false);

        assertThat(signed.arn().keyId()).isEqualTo(second);
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(provider.publicKey(service.getPublicKey(ADMIN, second).key().keyRef()));
        v.update(MESSAGE);
        assertThat(v.verify(signed.signature())).isTrue();
        List<AuditEvent> events = signEvents();
        assertThat(events.get(events.size() - 2).outcome()).isEqualTo(AuditEvent.Outcome.FAILURE);
        assertThat(events.get(events.size() - 2).detail()).contains("discarded: alias/release now names")
                .contains(second);
        assertThat(events.getLast().outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
        assertThat(events.getLast().resource()).endsWith(second);
    }

    @Test
    void sign_dryRunOfARememberedKey_readsTheStateAndSignsNothing() {
        String id = newKey();
        sign(id, false);
        service.disableKey(ADMIN, id);
        int events = signEvents().size();

        assertThatThrownBy(() -> sign(id, true)).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DISABLED));
        assertThat(signEvents()).hasSize(events);
    }
}
