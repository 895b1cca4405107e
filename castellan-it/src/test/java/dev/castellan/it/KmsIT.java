package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.IndependentVerifier;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.VerifyResponse;

/**
 * The key service driven through the stock AWS SDK for Java v2 {@link KmsClient} over real HTTP with Signature V4
 * scope {@code kms}: one key of every spec, every signing algorithm with every message type, each signature
 * checked by KMS Verify, by the JDK over the whole message and, for ML-DSA, by Python {@code cryptography}.
 * Key states, aliases, errors and restart are in {@link KmsLifecycleIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsIT {
    static final byte[] MESSAGE = "Castellan signs this through the KMS API".getBytes(StandardCharsets.UTF_8);

    Path tmp;
    ServerProcess server;
    KmsClient kms;
    final Map<KeySpec, KeyMetadata> keys = new EnumMap<>(KeySpec.class);
    final Map<KeySpec, byte[]> publicKeys = new EnumMap<>(KeySpec.class);

    static final List<KeySpec> SPECS = List.of(KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096,
            KeySpec.ECC_NIST_P256, KeySpec.ECC_NIST_P384, KeySpec.ECC_NIST_P521, KeySpec.ML_DSA_44,
            KeySpec.ML_DSA_65, KeySpec.ML_DSA_87);

    @BeforeAll
    void start() throws Exception {
        tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        kms = Clients.kms(server);
        for (KeySpec spec : SPECS) {
            KeyMetadata key = kms.createKey(b -> b.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)
                    .description("KmsIT " + spec)).keyMetadata();
            keys.put(spec, key);
            publicKeys.put(spec, kms.getPublicKey(b -> b.keyId(key.keyId())).publicKey().asByteArray());
        }
    }

    @AfterAll
    void stop() throws Exception {
        kms.close();
        server.close();
    }

    @Test
    void createKey_everySpec_isEnabledSignVerifyWithKmsMetadata() {
        for (KeySpec spec : SPECS) {
            KeyMetadata created = keys.get(spec);
            KeyMetadata described = kms.describeKey(b -> b.keyId(created.arn())).keyMetadata();

            assertThat(described.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(described.arn()).isEqualTo("arn:aws:kms:us-east-1:" + described.awsAccountId() + ":key/"
                    + described.keyId());
            assertThat(described.keySpec()).isEqualTo(spec);
            assertThat(described.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(described.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(described.enabled()).isTrue();
            assertThat(described.description()).isEqualTo("KmsIT " + spec);
            assertThat(described.creationDate()).isEqualTo(created.creationDate());
            assertThat(described.signingAlgorithms()).containsExactlyElementsOf(algorithms(spec));
            assertThat(described.deletionDate()).isNull();
        }
    }

    @Test
    void getPublicKey_everySpec_isDerSpkiOfTheRightSizeAndNamesTheKeyByArn() throws Exception {
        for (KeySpec spec : SPECS) {
            GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(keys.get(spec).keyId()));
            assertThat(r.keyId()).isEqualTo(keys.get(spec).arn());
            assertThat(r.keySpec()).isEqualTo(spec);
            assertThat(r.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
            assertThat(r.signingAlgorithms()).containsExactlyElementsOf(algorithms(spec));
            byte[] spki = r.publicKey().asByteArray();
            String name = spec.toString();
            if (name.startsWith("RSA_")) {
                RSAPublicKey k = (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
                assertThat(k.getModulus().bitLength()).isEqualTo(Integer.parseInt(name.substring(4)));
            } else if (name.startsWith("ECC_NIST_P")) {
                ECPublicKey k = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
                assertThat(k.getParams().getCurve().getField().getFieldSize())
                        .isEqualTo(Integer.parseInt(name.substring("ECC_NIST_P".length())));
            } else {
                var k = KeyFactory.getInstance("ML-DSA").generatePublic(new X509EncodedKeySpec(spki));
                assertThat(((NamedParameterSpec) k.getParams()).getName())
                        .isEqualTo(name.replace("ML_DSA_", "ML-DSA-"));
            }
        }
    }

    @Test
    void listKeys_limitTwo_pagesThroughEveryKeyExactlyOnce() {
        List<String> seen = new ArrayList<>();
        String marker = null;
        int pages = 0;
        do {
            String m = marker;
            ListKeysResponse page = kms.listKeys(b -> b.limit(2).marker(m));
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(2);
            page.keys().forEach(k -> {
                assertThat(k.keyArn()).endsWith(":key/" + k.keyId());
                seen.add(k.keyId());
            });
            assertThat(page.truncated()).isEqualTo(page.nextMarker() != null);
            marker = page.nextMarker();
            pages++;
        } while (marker != null && pages < 100);

        assertThat(new HashSet<>(seen)).hasSameSizeAs(seen);
        assertThat(seen).containsAll(keys.values().stream().map(KeyMetadata::keyId).toList());
        assertThat(pages).isGreaterThanOrEqualTo(5);
    }

    /**
     * The whole matrix: every key, every algorithm its spec offers, every message type the algorithm takes. Each
     * signature must pass KMS Verify with the message type it was made with and with the other one, the JDK's plain
     * algorithm over the whole message, and for ML-DSA Python's ML-DSA verification of the whole message.
     */
    @Test
    void signAndVerify_everyAlgorithmAndMessageType_verifiedByKmsJdkAndPython() throws Exception {
        IndependentVerifier python = new IndependentVerifier(tmp.resolve("python-matrix"));
        int signatures = 0;
        for (KeySpec spec : SPECS) {
            byte[] spki = publicKeys.get(spec);
            for (SigningAlgorithmSpec alg : algorithms(spec)) {
                boolean mlDsa = alg == SigningAlgorithmSpec.ML_DSA_SHAKE_256;
                MessageType other = mlDsa ? MessageType.EXTERNAL_MU : MessageType.DIGEST;
                byte[] otherForm = mlDsa ? IndependentVerifier.mu(spki, MESSAGE) : digest(alg, MESSAGE);
                for (MessageType type : List.of(MessageType.RAW, other)) {
                    byte[] input = type == MessageType.RAW ? MESSAGE : otherForm;
                    byte[] sig = sign(keys.get(spec).keyId(), input, type, alg);
                    String what = spec + " " + alg + " " + type;

                    assertThat(IndependentVerifier.jdk(spki, alg.toString(), MESSAGE, sig)).as(what).isTrue();
                    assertThat(verify(keys.get(spec).arn(), MESSAGE, MessageType.RAW, sig, alg).signatureValid()).isTrue();
                    VerifyResponse v = verify(keys.get(spec).keyId(), otherForm, other, sig, alg);
                    assertThat(v.signatureValid()).as(what).isTrue();
                    assertThat(v.keyId()).isEqualTo(keys.get(spec).arn());
                    assertThat(v.signingAlgorithm()).isEqualTo(alg);
                    if (mlDsa) {
                        python.queueForPython(spki, MESSAGE, sig, true);
                        byte[] flipped = sig.clone();
                        flipped[100] ^= 1;
                        python.queueForPython(spki, MESSAGE, flipped, false);
                    }
                    signatures++;
                }
            }
        }
        assertThat(signatures).isEqualTo(3 * 6 * 2 + 3 * 2 + 3 * 2);
        assertThat(python.runPython()).isEqualTo(2 * 3 * 2);
    }

    @Test
    void sign_externalMuOfAMessageFarOver4096Bytes_isThePlainMlDsaSignatureOfTheMessage() throws Exception {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + 7);
        }
        IndependentVerifier python = new IndependentVerifier(tmp.resolve("python-big"));
        for (KeySpec spec : List.of(KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87)) {
            byte[] spki = publicKeys.get(spec);
            byte[] mu = IndependentVerifier.mu(spki, big);
            byte[] sig = sign(keys.get(spec).keyId(), mu, MessageType.EXTERNAL_MU, SigningAlgorithmSpec.ML_DSA_SHAKE_256);

            assertThat(IndependentVerifier.jdk(spki, "ML_DSA_SHAKE_256", big, sig)).as(spec.toString()).isTrue();
            python.queueForPython(spki, big, sig, true);
            assertThat(verify(keys.get(spec).keyId(), mu, MessageType.EXTERNAL_MU, sig,
                    SigningAlgorithmSpec.ML_DSA_SHAKE_256).signatureValid()).isTrue();
        }
        assertThat(python.runPython()).isEqualTo(3);
    }

    @Test
    void verify_tamperedSignatureOrMessage_failsKmsInvalidSignature() throws Exception {
        for (KeySpec spec : List.of(KeySpec.RSA_2048, KeySpec.ECC_NIST_P256, KeySpec.ML_DSA_65)) {
            SigningAlgorithmSpec alg = algorithms(spec).getFirst();
            String id = keys.get(spec).keyId();
            byte[] sig = sign(id, MESSAGE, MessageType.RAW, alg);
            byte[] flipped = sig.clone();
            flipped[sig.length / 2] ^= 0x01;
            byte[] otherMessage = MESSAGE.clone();
            otherMessage[0] ^= 0x01;

            assertThatThrownBy(() -> verify(id, MESSAGE, MessageType.RAW, flipped, alg))
                    .as(spec.toString()).isInstanceOf(KmsInvalidSignatureException.class);
            assertThatThrownBy(() -> verify(id, otherMessage, MessageType.RAW, sig, alg))
                    .as(spec.toString()).isInstanceOf(KmsInvalidSignatureException.class);
            assertThatThrownBy(() -> verify(id, MESSAGE, MessageType.RAW, new byte[] {1, 2, 3}, alg))
                    .as(spec.toString()).isInstanceOf(KmsInvalidSignatureException.class);
        }
    }

    @Test
    void sign_algorithmTheKeySpecDoesNotOffer_failsInvalidKeyUsage() {
        String p256 = keys.get(KeySpec.ECC_NIST_P256).keyId();
        String rsa = keys.get(KeySpec.RSA_2048).keyId();
        String mlDsa = keys.get(KeySpec.ML_DSA_65).keyId();
        assertThat(error(() -> sign(p256, MESSAGE, MessageType.RAW, SigningAlgorithmSpec.ECDSA_SHA_384)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(error(() -> sign(p256, MESSAGE, MessageType.RAW, SigningAlgorithmSpec.RSASSA_PSS_SHA_256)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(error(() -> sign(rsa, MESSAGE, MessageType.RAW, SigningAlgorithmSpec.ML_DSA_SHAKE_256)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(error(() -> sign(mlDsa, MESSAGE, MessageType.RAW, SigningAlgorithmSpec.ECDSA_SHA_256)))
                .isEqualTo("InvalidKeyUsageException");
        assertThat(error(() -> sign(p256, MESSAGE, MessageType.RAW, SigningAlgorithmSpec.SM2_DSA)))
                .isEqualTo("InvalidKeyUsageException");
    }

    @Test
    void sign_messageOutsideAwsLimits_failsValidation() {
        String p256 = keys.get(KeySpec.ECC_NIST_P256).keyId();
        String mlDsa = keys.get(KeySpec.ML_DSA_44).keyId();
        SigningAlgorithmSpec ecdsa = SigningAlgorithmSpec.ECDSA_SHA_256;
        SigningAlgorithmSpec ml = SigningAlgorithmSpec.ML_DSA_SHAKE_256;

        assertThat(sign(p256, new byte[4096], MessageType.RAW, ecdsa)).isNotEmpty();
        assertThat(error(() -> sign(p256, new byte[4097], MessageType.RAW, ecdsa))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(mlDsa, new byte[4097], MessageType.RAW, ml))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(mlDsa, new byte[63], MessageType.EXTERNAL_MU, ml))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(mlDsa, new byte[65], MessageType.EXTERNAL_MU, ml))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(mlDsa, new byte[32], MessageType.DIGEST, ml))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(p256, new byte[64], MessageType.EXTERNAL_MU, ecdsa))).isEqualTo("ValidationException");
        assertThat(error(() -> sign(p256, new byte[31], MessageType.DIGEST, ecdsa))).isEqualTo("ValidationException");
        assertThat(error(() -> verify(p256, new byte[4097], MessageType.RAW, new byte[70], ecdsa)))
                .isEqualTo("ValidationException");
    }

    static List<SigningAlgorithmSpec> algorithms(KeySpec spec) {
        String name = spec.toString();
        if (name.startsWith("RSA_")) {
            return List.of(SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PSS_SHA_384,
                    SigningAlgorithmSpec.RSASSA_PSS_SHA_512, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
                    SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512);
        }
        return switch (spec) {
            case ECC_NIST_P256 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_256);
            case ECC_NIST_P384 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_384);
            case ECC_NIST_P521 -> List.of(SigningAlgorithmSpec.ECDSA_SHA_512);
            default -> List.of(SigningAlgorithmSpec.ML_DSA_SHAKE_256);
        };
    }

    static byte[] digest(SigningAlgorithmSpec alg, byte[] message) throws Exception {
        String name = alg.toString();
        return MessageDigest.getInstance("SHA-" + name.substring(name.length() - 3)).digest(message);
    }

    byte[] sign(String keyId, byte[] message, MessageType type, SigningAlgorithmSpec alg) {
        return kms.sign(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).messageType(type)
                .signingAlgorithm(alg)).signature().asByteArray();
    }

    VerifyResponse verify(String keyId, byte[] message, MessageType type, byte[] sig, SigningAlgorithmSpec alg) {
        return kms.verify(b -> b.keyId(keyId).message(SdkBytes.fromByteArray(message)).messageType(type)
                .signature(SdkBytes.fromByteArray(sig)).signingAlgorithm(alg));
    }

    /** The KMS {@code __type} of the error a call ends with, as the SDK parsed it. */
    static String error(ThrowingCallable call) {
        Set<String> codes = new HashSet<>();
        assertThatThrownBy(call).isInstanceOfSatisfying(KmsException.class,
                e -> codes.add(e.awsErrorDetails().errorCode()));
        return codes.iterator().next();
    }
}
