package dev.castellan.core.ocsp;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.KeyAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A real {@link KeyProvider} for the OCSP tests: JDK keys in memory, signing with JCA algorithm names. */
final class MemoryKeys implements KeyProvider {
    private final Map<String, KeyPair> pairs = new ConcurrentHashMap<>();
    private final Map<String, KeyAlgorithm> algorithms = new ConcurrentHashMap<>();

    @Override
    public String scheme() {
        return "memory";
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
                case RSA -> g.initialize(algorithm.bits());
                case EC -> g.initialize(new ECGenParameterSpec(algorithm.curve().orElseThrow()));
                case ML_DSA -> g.initialize(new NamedParameterSpec(algorithm.jcaName()));
            }
            String id = UUID.randomUUID().toString();
            pairs.put(id, g.generateKeyPair());
            algorithms.put(id, algorithm);
            return new KeyRef("memory:" + id);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyPair pair(KeyRef ref) {
        return pairs.get(ref.id());
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return pairs.get(ref.id()).getPublic();
    }

    @Override
    public void destroy(KeyRef ref) {
        pairs.remove(ref.id());
        algorithms.remove(ref.id());
    }

    @Override
    public KeyAlgorithm algorithm(KeyRef ref) {
        return algorithms.get(ref.id());
    }

    @Override
    public byte[] sign(KeyRef ref, String algorithm, byte[] data) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initSign(pairs.get(ref.id()).getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
