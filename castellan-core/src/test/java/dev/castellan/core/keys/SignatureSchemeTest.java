package dev.castellan.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.keys.SignatureScheme.Hash;
import dev.castellan.core.keys.SignatureScheme.Input;
import dev.castellan.core.keys.SignatureScheme.Kind;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Names and verification of {@link SignatureScheme}. Every signature checked here is made by the JDK's standard
 * algorithm over the whole message, so a DIGEST or external-μ verification that passes proves the two forms agree.
 */
class SignatureSchemeTest {
    private static final byte[] MESSAGE = "the quick brown fox".getBytes(StandardCharsets.UTF_8);

    static List<SignatureScheme> all() {
        List<SignatureScheme> out = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (Input input : Input.values()) {
                if (kind == Kind.ML_DSA) {
                    if (input != Input.DIGEST) {
                        out.add(new SignatureScheme(kind, null, input));
                    }
                } else if (input != Input.EXTERNAL_MU) {
                    for (Hash hash : Hash.values()) {
                        out.add(new SignatureScheme(kind, hash, input));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void parse_everyName_roundTrips() {
        for (SignatureScheme s : all()) {
            assertThat(SignatureScheme.parse(s.name())).contains(s);
        }
        assertThat(all()).hasSize(20);
    }

    @Test
    void name_documentedForms_areExact() {
        assertThat(new SignatureScheme(Kind.RSA_PSS, Hash.SHA_384, Input.DIGEST).name()).isEqualTo("SHA384withRSA/PSS/DIGEST");
        assertThat(new SignatureScheme(Kind.ECDSA, Hash.SHA_256, Input.MESSAGE).name()).isEqualTo("SHA256withECDSA");
        assertThat(new SignatureScheme(Kind.ML_DSA, null, Input.EXTERNAL_MU).name()).isEqualTo("ML-DSA/EXTERNAL-MU");
    }

    @Test
    void parse_plainJcaParameterSetName_isNotAScheme() {
        assertThat(SignatureScheme.parse("ML-DSA-65")).isEmpty();
        assertThat(SignatureScheme.parse("SHA256withECDSA/EXTERNAL-MU")).isEmpty();
        assertThat(SignatureScheme.parse("ML-DSA/DIGEST")).isEmpty();
    }

    @Test
    void new_mlDsaOverDigestOrEcdsaOverMu_isRejected() {
        assertThatThrownBy(() -> new SignatureScheme(Kind.ML_DSA, null, Input.DIGEST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignatureScheme(Kind.ECDSA, Hash.SHA_256, Input.EXTERNAL_MU))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignatureScheme(Kind.ECDSA, null, Input.MESSAGE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(Hash.class)
    void verify_jdkSignaturesOverMessage_acceptedAsMessageAndAsDigest(Hash hash) throws Exception {
        KeyPair rsa = pair("RSA", null);
        KeyPair ec = pair("EC", "secp384r1");
        byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest(MESSAGE);
        String shortName = hash.jcaName().replace("-", "");

        byte[] pkcs1 = jdkSign(Signature.getInstance(shortName + "withRSA"), rsa);
        byte[] ecdsa = jdkSign(Signature.getInstance(shortName + "withECDSA"), ec);
        Signature pss = Signature.getInstance("RSASSA-PSS");
        pss.setParameter(new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()),
                hash.length(), 1));
        byte[] pssSig = jdkSign(pss, rsa);

        for (Input input : List.of(Input.MESSAGE, Input.DIGEST)) {
            byte[] data = input == Input.MESSAGE ? MESSAGE : digest;
            assertThat(new SignatureScheme(Kind.RSA_PKCS1, hash, input).verify(rsa.getPublic(), data, pkcs1)).isTrue();
            assertThat(new SignatureScheme(Kind.RSA_PSS, hash, input).verify(rsa.getPublic(), data, pssSig)).isTrue();
            assertThat(new SignatureScheme(Kind.ECDSA, hash, input).verify(ec.getPublic(), data, ecdsa)).isTrue();
            assertThat(new SignatureScheme(Kind.RSA_PSS, hash, input).verify(rsa.getPublic(), data, pkcs1)).isFalse();
        }
    }

    @Test
    void verify_jdkMlDsaSignature_acceptedOverMessageAndOverMu() throws Exception {
        KeyPair pair = pair("ML-DSA-87", null);
        byte[] sig = jdkSign(Signature.getInstance("ML-DSA"), pair);
        byte[] mu = mu(pair.getPublic().getEncoded(), MESSAGE);

        assertThat(new SignatureScheme(Kind.ML_DSA, null, Input.MESSAGE).verify(pair.getPublic(), MESSAGE, sig)).isTrue();
        assertThat(new SignatureScheme(Kind.ML_DSA, null, Input.EXTERNAL_MU).verify(pair.getPublic(), mu, sig)).isTrue();
        mu[5] ^= 1;
        assertThat(new SignatureScheme(Kind.ML_DSA, null, Input.EXTERNAL_MU).verify(pair.getPublic(), mu, sig)).isFalse();
    }

    @Test
    void verify_garbageSignature_isFalseNotAnError() throws Exception {
        KeyPair ec = pair("EC", "secp256r1");
        SignatureScheme s = new SignatureScheme(Kind.ECDSA, Hash.SHA_256, Input.MESSAGE);
        assertThat(s.verify(ec.getPublic(), MESSAGE, new byte[] {1, 2, 3})).isFalse();
    }

    @Test
    void verify_digestOfWrongLength_isRejected() throws Exception {
        KeyPair ec = pair("EC", "secp256r1");
        SignatureScheme s = new SignatureScheme(Kind.ECDSA, Hash.SHA_256, Input.DIGEST);
        assertThatThrownBy(() -> s.verify(ec.getPublic(), new byte[31], new byte[64]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32");
    }

    @Test
    void verify_keyOfOtherFamily_isRejected() throws Exception {
        KeyPair ec = pair("EC", "secp256r1");
        SignatureScheme s = new SignatureScheme(Kind.RSA_PSS, Hash.SHA_256, Input.DIGEST);
        assertThatThrownBy(() -> s.verify(ec.getPublic(), new byte[32], new byte[256]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** μ per FIPS 204 §6.2 with an empty context, computed here independently of any signer. */
    static byte[] mu(byte[] spki, byte[] message) {
        byte[] pk = SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes();
        byte[] tr = new byte[64];
        SHAKEDigest d = new SHAKEDigest(256);
        d.update(pk, 0, pk.length);
        d.doFinal(tr, 0, 64);
        byte[] mu = new byte[64];
        d = new SHAKEDigest(256);
        d.update(tr, 0, tr.length);
        d.update((byte) 0);
        d.update((byte) 0);
        d.update(message, 0, message.length);
        d.doFinal(mu, 0, 64);
        return mu;
    }

    private static KeyPair pair(String algorithm, String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
        if (curve != null) {
            g.initialize(new ECGenParameterSpec(curve));
        } else if (algorithm.equals("RSA")) {
            g.initialize(2048);
        }
        return g.generateKeyPair();
    }

    private static byte[] jdkSign(Signature s, KeyPair pair) throws Exception {
        s.initSign(pair.getPrivate());
        s.update(MESSAGE);
        return s.sign();
    }
}
