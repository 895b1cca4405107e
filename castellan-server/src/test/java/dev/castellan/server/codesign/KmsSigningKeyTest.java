package dev.castellan.server.codesign;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The μ the client sends as EXTERNAL_MU for data over 4096 bytes: a signature over it must be the JDK's pure ML-DSA
 * signature over the whole data, or the server-side signature would verify nowhere.
 */
class KmsSigningKeyTest {
    @ParameterizedTest
    @ValueSource(strings = {"ML-DSA-44", "ML-DSA-65", "ML-DSA-87"})
    void mu_signedByBouncyCastle_verifiesAsPureMlDsaOverTheWholeMessageInTheJdk(String parameterSet) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
        g.initialize(new NamedParameterSpec(parameterSet));
        KeyPair key = g.generateKeyPair();
        byte[] message = new byte[KmsSigningKey.MAX_RAW_MESSAGE + 5000];
        new SecureRandom().nextBytes(message);
        byte[] rawPublicKey = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()).getPublicKeyData().getBytes();

        byte[] mu = KmsSigningKey.mu(rawPublicKey, message);
        MLDSASigner signer = new MLDSASigner();
        signer.init(true, new ParametersWithRandom((MLDSAPrivateKeyParameters) PrivateKeyFactory.createKey(
                PrivateKeyInfo.getInstance(key.getPrivate().getEncoded())), new SecureRandom()));
        byte[] signature = signer.generateMuSignature(mu);

        Signature v = Signature.getInstance("ML-DSA");
        v.initVerify(key.getPublic());
        v.update(message);
        assertThat(mu).hasSize(64);
        assertThat(v.verify(signature)).isTrue();
    }
}
