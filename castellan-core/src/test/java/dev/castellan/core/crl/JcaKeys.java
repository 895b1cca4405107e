package dev.castellan.core.crl;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.model.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * A real {@link KeyProvider} for core tests: JDK keys held in memory, signing the JCA names and the
 * {@link SignatureScheme} DIGEST and EXTERNAL-MU forms (the software provider of castellan-keys does the same, but
 * core cannot depend on it).
 */
final class JcaKeys implements KeyProvider {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, KeyPair> keys = new HashMap<>();
    private final Map<String, KeyAlgorithm> algorithms = new HashMap<>();

    @Override
    public String scheme() {
        return "test";
    }

    @Override
    public KeyRef generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(switch (algorithm.family()) {
                case RSA -> "RSA";
                case EC -> "EC";
                case ML_DSA -> "ML-DSA";
            });
            switch (algorithm.family()) {
                case RSA -> g.initialize(algorithm.bits(), RANDOM);
                case EC -> g.initialize(new ECGenParameterSpec(algorithm.curve().orElseThrow()), RANDOM);
                case ML_DSA -> g.initialize(new NamedParameterSpec(algorithm.jcaName()), RANDOM);
            }
            String id = UUID.randomUUID().toString();
            keys.put(id, g.generateKeyPair());
            algorithms.put(id, algorithm);
            return new KeyRef("test:" + id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair pair(KeyRef ref) {
        return keys.get(ref.id());
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return keys.get(ref.id()).getPublic();
    }

    @Override
    public void destroy(KeyRef ref) {
        keys.remove(ref.id());
        algorithms.remove(ref.id());
    }

    @Override
    public KeyAlgorithm algorithm(KeyRef ref) {
        return algorithms.get(ref.id());
    }

    @Override
    public byte[] sign(KeyRef ref, String algorithm, byte[] data) {
        KeyPair pair = keys.get(ref.id());
        try {
            SignatureScheme scheme = SignatureScheme.parse(algorithm).orElse(null);
            if (scheme == null) {
                Signature s = Signature.getInstance(algorithm);
                s.initSign(pair.getPrivate());
                s.update(data);
                return s.sign();
            }
            if (scheme.input() == SignatureScheme.Input.EXTERNAL_MU) {
                MLDSASigner s = new MLDSASigner();
                s.init(true, (MLDSAPrivateKeyParameters) PrivateKeyFactory.createKey(pair.getPrivate().getEncoded()));
                return s.generateMuSignature(data);
            }
            Signature s = scheme.newJcaSignature();
            s.initSign(pair.getPrivate());
            s.update(scheme.jcaInput(data));
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
