package dev.castellan.server.codesign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.cms.SignerAlgorithm;
import dev.castellan.core.x509.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Key files as users have them: the three PKCS#8 forms of RFC 9881 for ML-DSA, JDK-written EC keys, wrong blocks. */
class LocalSigningKeyTest {
    static final byte[] DATA = "signed attributes stand-in".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    static Path vector(String name) throws Exception {
        return Path.of(LocalSigningKeyTest.class.getResource("/vectors/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed", "expanded", "both"})
    void load_rfc9881KeyForm_signsWhatTheJdkVerifiesWithTheCertificate(String form) throws Exception {
        X509Certificate cert = Pem.certificate(Pem.decodeAll(Files.readString(vector("ML-DSA-44.crt")), "CERTIFICATE").getFirst());

        byte[] signature = LocalSigningKey.load(vector("ML-DSA-44-" + form + ".priv"), SignerAlgorithm.ML_DSA_44).sign(DATA);

        Signature v = Signature.getInstance("ML-DSA-44");
        v.initVerify(cert.getPublicKey());
        v.update(DATA);
        assertThat(v.verify(signature)).isTrue();
    }

    @Test
    void load_inconsistentSeedAndExpandedKey_refused() throws Exception {
        assertThatThrownBy(() -> LocalSigningKey.load(vector("bad-ML-DSA-44-1.priv"), SignerAlgorithm.ML_DSA_44))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("does not hold a usable ML-DSA-44 private key");
    }

    @Test
    void load_jdkEcKeyAsPkcs8Pem_signsEcdsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp384r1"));
        KeyPair k = g.generateKeyPair();
        Path file = Files.writeString(dir.resolve("ec.pem"), Pem.encode("PRIVATE KEY", k.getPrivate().getEncoded()));

        byte[] signature = LocalSigningKey.load(file, SignerAlgorithm.ECDSA_SHA_384).sign(DATA);

        Signature v = Signature.getInstance("SHA384withECDSA");
        v.initVerify(k.getPublic());
        v.update(DATA);
        assertThat(v.verify(signature)).isTrue();
    }

    @Test
    void load_sec1EcBlock_explainsHowToConvert() throws Exception {
        Path file = Files.writeString(dir.resolve("ec.pem"), Pem.encode("EC PRIVATE KEY", new byte[] {48, 0}));

        assertThatThrownBy(() -> LocalSigningKey.load(file, SignerAlgorithm.ECDSA_SHA_256))
                .isInstanceOf(CommandException.class)
                .hasMessage(file + " holds a EC PRIVATE KEY block; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt"
                        + " -in " + file + " -out key.pem");
    }

    @Test
    void load_encryptedKey_explainsHowToDecrypt() throws Exception {
        Path file = Files.writeString(dir.resolve("enc.pem"), Pem.encode("ENCRYPTED PRIVATE KEY", new byte[] {48, 0}));

        assertThatThrownBy(() -> LocalSigningKey.load(file, SignerAlgorithm.ECDSA_SHA_256))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith(file + " is encrypted; decrypt it first");
    }
}
