package dev.castellan.authority.kms;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.model.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * EC keys held in memory by the JDK, for the key service's own tests (the software provider with its sealed keys
 * and every scheme is tested in castellan-keys). {@link #duringSign} runs while a signature is being made, so a
 * test can change the world at exactly that moment.
 */
final class JdkKeyProvider implements KeyProvider {
    private final Map<String, KeyPair> pairs = new ConcurrentHashMap<>();
    volatile Runnable duringSign = () -> { };
    /** Keys whose destruction fails, as a broken HSM session would make it. */
    volatile java.util.function.Predicate<KeyRef> refuseDestroy = ref -> false;

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public KeyRef generate(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(algorithm.curve().orElseThrow()));
            String id = UUID.randomUUID().toString();
            pairs.put(id, g.generateKeyPair());
            return new KeyRef("memory:" + id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return pairs.get(ref.id()).getPublic();
    }

    @Override
    public void destroy(KeyRef ref) {
        if (refuseDestroy.test(ref)) {
            throw new IllegalStateException("the device refused to destroy " + ref);
        }
        pairs.remove(ref.id());
    }

    /** Whether the provider still holds the key. */
    boolean holds(KeyRef ref) {
        return pairs.containsKey(ref.id());
    }

    @Override
    public KeyAlgorithm algorithm(KeyRef ref) {
        return KeyAlgorithm.EC_prime256v1;
    }

    @Override
    public byte[] sign(KeyRef ref, String algorithm, byte[] data) {
        try {
            SignatureScheme scheme = SignatureScheme.parse(algorithm).orElseThrow();
            Signature s = scheme.newJcaSignature();
            s.initSign(pairs.get(ref.id()).getPrivate());
            s.update(scheme.jcaInput(data));
            duringSign.run();
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
