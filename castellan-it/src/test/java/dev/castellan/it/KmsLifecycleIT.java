package dev.castellan.it;

import static dev.castellan.it.KmsIT.MESSAGE;
import static dev.castellan.it.KmsIT.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.IndependentVerifier;
import dev.castellan.it.support.RawAwsClient;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListAliasesResponse;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * Key states, aliases, refusals and restart of the key service, through the stock AWS SDK for Java v2 and the AWS
 * CLI v1 against a real server process. Each test makes its own keys, so the order of tests does not matter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsLifecycleIT {
    private static final SigningAlgorithmSpec ECDSA = SigningAlgorithmSpec.ECDSA_SHA_256;

    Path tmp;
    ServerProcess server;
    KmsClient kms;

    @BeforeAll
    void start() throws Exception {
        tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        kms = Clients.kms(server);
    }

    @AfterAll
    void stop() throws Exception {
        kms.close();
        server.close();
    }

    private KeyMetadata newKey(KeySpec spec) {
        return kms.createKey(b -> b.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata();
    }

    private byte[] sign(String keyId, SigningAlgorithmSpec alg) {
        return kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(MESSAGE)).messageType(MessageType.RAW)
                .signingAlgorithm(alg)).signature().asByteArray();
    }

    private KeyMetadata describe(String keyId) {
        return kms.describeKey(b -> b.keyId(keyId)).keyMetadata();
    }

    @Test
    void disableKey_thenUse_failsDisabledUntilEnabledAgain() {
        String id = newKey(KeySpec.ECC_NIST_P256).keyId();
        byte[] sig = sign(id, ECDSA);
        kms.disableKey(b -> b.keyId(id));

        assertThat(describe(id).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(describe(id).enabled()).isFalse();
        assertThat(error(() -> sign(id, ECDSA))).isEqualTo("DisabledException");
        assertThat(error(() -> kms.verify(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signature(SdkBytes.fromByteArray(sig)).signingAlgorithm(ECDSA)))).isEqualTo("DisabledException");
        assertThat(error(() -> kms.getPublicKey(b -> b.keyId(id)))).isEqualTo("DisabledException");

        kms.enableKey(b -> b.keyId(id));
        assertThat(describe(id).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(sign(id, ECDSA)).isNotEmpty();
    }

    @Test
    void scheduleKeyDeletion_thenUse_failsInvalidStateAndCancelLeavesItDisabled() {
        KeyMetadata key = newKey(KeySpec.ML_DSA_65);
        String id = key.keyId();
        Instant before = Instant.now();
        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(7));

        assertThat(scheduled.keyId()).isEqualTo(key.arn());
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        assertThat(scheduled.deletionDate()).isCloseTo(before.plus(Duration.ofDays(7)), within(Duration.ofMinutes(1)));
        KeyMetadata pending = describe(id);
        assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(pending.deletionDate()).isEqualTo(scheduled.deletionDate());
        assertThat(pending.pendingDeletionWindowInDays()).isEqualTo(7);
        assertThat(error(() -> sign(id, SigningAlgorithmSpec.ML_DSA_SHAKE_256))).isEqualTo("KMSInvalidStateException");
        assertThat(error(() -> kms.getPublicKey(b -> b.keyId(id)))).isEqualTo("KMSInvalidStateException");
        assertThat(error(() -> kms.enableKey(b -> b.keyId(id)))).isEqualTo("KMSInvalidStateException");
        assertThat(error(() -> kms.scheduleKeyDeletion(b -> b.keyId(id)))).isEqualTo("KMSInvalidStateException");

        assertThat(kms.cancelKeyDeletion(b -> b.keyId(key.arn())).keyId()).isEqualTo(key.arn());
        assertThat(describe(id).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(describe(id).deletionDate()).isNull();
        assertThat(error(() -> kms.cancelKeyDeletion(b -> b.keyId(id)))).isEqualTo("KMSInvalidStateException");
        kms.enableKey(b -> b.keyId(id));
        assertThat(sign(id, SigningAlgorithmSpec.ML_DSA_SHAKE_256)).hasSize(3309);
    }

    @Test
    void scheduleKeyDeletion_windowOutside7To30Days_failsValidation() {
        String id = newKey(KeySpec.ECC_NIST_P256).keyId();
        assertThat(error(() -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(6))))
                .isEqualTo("ValidationException");
        assertThat(error(() -> kms.scheduleKeyDeletion(b -> b.keyId(id).pendingWindowInDays(31))))
                .isEqualTo("ValidationException");
        assertThat(describe(id).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void aliases_createListUseAndDelete_behaveAsKms() throws Exception {
        KeyMetadata key = newKey(KeySpec.ECC_NIST_P256);
        KeyMetadata other = newKey(KeySpec.ECC_NIST_P256);
        String name = "alias/it-" + UUID.randomUUID();
        String aliasArn = key.arn().replace(":key/" + key.keyId(), ":" + name);
        kms.createAlias(b -> b.aliasName(name).targetKeyId(key.keyId()));
        kms.createAlias(b -> b.aliasName(name + "-b").targetKeyId(key.arn()));
        kms.createAlias(b -> b.aliasName(name + "-c").targetKeyId(other.keyId()));

        List<AliasListEntry> ofKey = kms.listAliases(b -> b.keyId(key.keyId())).aliases();
        assertThat(ofKey).extracting(AliasListEntry::aliasName).containsExactly(name, name + "-b");
        assertThat(ofKey.getFirst().aliasArn()).isEqualTo(aliasArn);
        assertThat(ofKey.getFirst().targetKeyId()).isEqualTo(key.keyId());
        assertThat(ofKey.getFirst().creationDate()).isNotNull();
        assertThat(pagedAliasNames()).contains(name, name + "-b", name + "-c");

        byte[] viaName = sign(name, ECDSA);
        byte[] viaArn = sign(aliasArn, ECDSA);
        byte[] spki = kms.getPublicKey(b -> b.keyId(name)).publicKey().asByteArray();
        assertThat(IndependentVerifier.jdk(spki, "ECDSA_SHA_256", MESSAGE, viaName)).isTrue();
        assertThat(IndependentVerifier.jdk(spki, "ECDSA_SHA_256", MESSAGE, viaArn)).isTrue();
        assertThat(describe(aliasArn).arn()).isEqualTo(key.arn());
        assertThat(kms.sign(b -> b.keyId(name).message(SdkBytes.fromByteArray(MESSAGE)).signingAlgorithm(ECDSA))
                .keyId()).isEqualTo(key.arn());

        assertThat(error(() -> kms.createAlias(b -> b.aliasName(name).targetKeyId(other.keyId()))))
                .isEqualTo("AlreadyExistsException");
        assertThat(error(() -> kms.createAlias(b -> b.aliasName("no-prefix").targetKeyId(key.keyId()))))
                .isEqualTo("ValidationException");
        assertThat(error(() -> kms.createAlias(b -> b.aliasName("alias/aws/mine").targetKeyId(key.keyId()))))
                .isEqualTo("InvalidAliasNameException");
        assertThat(error(() -> kms.createAlias(b -> b.aliasName("alias/has space").targetKeyId(key.keyId()))))
                .isEqualTo("ValidationException");
        assertThat(error(() -> kms.createAlias(b -> b.aliasName(name + "-x").targetKeyId(UUID.randomUUID().toString()))))
                .isEqualTo("NotFoundException");

        kms.deleteAlias(b -> b.aliasName(name));
        assertThat(error(() -> sign(name, ECDSA))).isEqualTo("NotFoundException");
        assertThat(error(() -> kms.deleteAlias(b -> b.aliasName(name)))).isEqualTo("NotFoundException");
        assertThat(sign(name + "-b", ECDSA)).isNotEmpty();
    }

    /** Every alias name, read one page of one alias at a time. */
    private List<String> pagedAliasNames() {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            String m = marker;
            ListAliasesResponse page = kms.listAliases(b -> b.limit(1).marker(m));
            page.aliases().forEach(a -> names.add(a.aliasName()));
            assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
            marker = page.nextMarker();
        } while (marker != null && names.size() < 1000);
        return names;
    }

    @Test
    void describeKey_unknownOrForeignOrMalformedId_failsAsKms() {
        String foreign = "arn:aws:kms:eu-west-3:123456789012:key/" + UUID.randomUUID();
        assertThat(error(() -> describe(UUID.randomUUID().toString()))).isEqualTo("NotFoundException");
        assertThat(error(() -> describe(foreign))).isEqualTo("NotFoundException");
        assertThat(error(() -> describe("alias/never-created"))).isEqualTo("NotFoundException");
        assertThat(error(() -> describe("arn:aws:kms:us-east-1:bad"))).isEqualTo("InvalidArnException");
        assertThat(error(() -> kms.disableKey(b -> b.keyId("alias/anything")))).isEqualTo("InvalidArnException");
    }

    @Test
    void createKey_specOrUsageCastellanDoesNotOffer_failsWithKmsNames() {
        assertThat(error(() -> kms.createKey(b -> b.description("symmetric default"))))
                .isEqualTo("UnsupportedOperationException");
        assertThat(error(() -> kms.createKey(b -> b.keySpec(KeySpec.RSA_2048).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))))
                .isEqualTo("UnsupportedOperationException");
        assertThat(error(() -> kms.createKey(b -> b.keySpec(KeySpec.ML_DSA_65).keyUsage(KeyUsageType.ENCRYPT_DECRYPT))))
                .isEqualTo("ValidationException");
        assertThat(error(() -> kms.createKey(b -> b.keySpec(KeySpec.ML_DSA_65)))).isEqualTo("ValidationException");
        assertThat(error(() -> kms.createKey(b -> b.keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.SIGN_VERIFY)
                .policy("{}")))).isEqualTo("UnsupportedOperationException");
    }

    @Test
    void sign_dryRun_failsDryRunOperationAndSignsNothing() {
        String id = newKey(KeySpec.ECC_NIST_P256).keyId();
        assertThat(error(() -> kms.sign(b -> b.keyId(id).message(SdkBytes.fromByteArray(MESSAGE))
                .signingAlgorithm(ECDSA).dryRun(true)))).isEqualTo("DryRunOperationException");
    }

    @Test
    void restart_keepsKeysAndAliasesAndTheKeyStillSigns() throws Exception {
        KeyMetadata key = newKey(KeySpec.ML_DSA_44);
        String alias = "alias/restart-" + UUID.randomUUID();
        kms.createAlias(b -> b.aliasName(alias).targetKeyId(key.keyId()));
        byte[] spki = kms.getPublicKey(b -> b.keyId(key.keyId())).publicKey().asByteArray();
        byte[] before = sign(alias, SigningAlgorithmSpec.ML_DSA_SHAKE_256);

        server.restart();
        kms.close();
        kms = Clients.kms(server);

        assertThat(describe(alias).arn()).isEqualTo(key.arn());
        assertThat(kms.getPublicKey(b -> b.keyId(alias)).publicKey().asByteArray()).isEqualTo(spki);
        byte[] after = sign(alias, SigningAlgorithmSpec.ML_DSA_SHAKE_256);
        assertThat(IndependentVerifier.jdk(spki, "ML_DSA_SHAKE_256", MESSAGE, after)).isTrue();
        assertThat(kms.verify(b -> b.keyId(key.keyId()).message(SdkBytes.fromByteArray(MESSAGE))
                .signature(SdkBytes.fromByteArray(before)).signingAlgorithm(SigningAlgorithmSpec.ML_DSA_SHAKE_256))
                .signatureValid()).isTrue();
    }

    /** The credential scope names the service: a KMS call signed for acm-pca must not be accepted. */
    @Test
    void kmsTarget_signedWithAcmPcaScope_isRefused() throws Exception {
        RawAwsClient raw = RawAwsClient.of(server);
        byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        RawAwsClient.Response r = raw.send(raw.sign("TrentService.ListKeys", body, Clock.systemUTC()), body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.type()).isEqualTo("InvalidSignatureException");
    }

    /** The AWS CLI v1 signs through an alias, RAW for ECDSA and EXTERNAL_MU for ML-DSA; the JDK checks both. */
    @Test
    void awsCli_signViaAliasRawAndExternalMu_verifiesWithTheJdk() throws Exception {
        KeyMetadata ec = newKey(KeySpec.ECC_NIST_P384);
        KeyMetadata ml = newKey(KeySpec.ML_DSA_87);
        String ecAlias = "alias/cli-ec-" + UUID.randomUUID();
        String mlAlias = "alias/cli-ml-" + UUID.randomUUID();
        kms.createAlias(b -> b.aliasName(ecAlias).targetKeyId(ec.keyId()));
        kms.createAlias(b -> b.aliasName(mlAlias).targetKeyId(ml.keyId()));
        byte[] ecSpki = kms.getPublicKey(b -> b.keyId(ec.keyId())).publicKey().asByteArray();
        byte[] mlSpki = kms.getPublicKey(b -> b.keyId(ml.keyId())).publicKey().asByteArray();
        Path work = Files.createDirectories(tmp.resolve("cli"));
        Files.write(work.resolve("message.bin"), MESSAGE);
        Files.write(work.resolve("mu.bin"), IndependentVerifier.mu(mlSpki, MESSAGE));

        byte[] ecSig = cliSign(work, ecAlias, "fileb://message.bin", "RAW", "ECDSA_SHA_384");
        byte[] mlSig = cliSign(work, mlAlias, "fileb://mu.bin", "EXTERNAL_MU", "ML_DSA_SHAKE_256");

        assertThat(IndependentVerifier.jdk(ecSpki, "ECDSA_SHA_384", MESSAGE, ecSig)).isTrue();
        assertThat(IndependentVerifier.jdk(mlSpki, "ML_DSA_SHAKE_256", MESSAGE, mlSig)).isTrue();
        Command.Result bad = Command.aws(work, server, "kms", "sign", "--key-id", ecAlias, "--message",
                "fileb://message.bin", "--message-type", "DIGEST", "--signing-algorithm", "ECDSA_SHA_384");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.stderr()).contains("ValidationException");
    }

    private byte[] cliSign(Path work, String keyId, String message, String type, String algorithm) throws Exception {
        Command.Result r = Command.aws(work, server, "kms", "sign", "--key-id", keyId, "--message", message,
                "--message-type", type, "--signing-algorithm", algorithm, "--output", "text", "--query", "Signature")
                .requireSuccess();
        return Base64.getDecoder().decode(r.stdout().strip());
    }
}
