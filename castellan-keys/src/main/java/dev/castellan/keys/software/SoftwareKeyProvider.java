package dev.castellan.keys.software;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SealedKeyStore;
import dev.castellan.core.keys.SealedKeyStore.SealedKey;
import dev.castellan.core.keys.SecretCipher;
import dev.castellan.core.model.KeyAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys generated and used inside this process by the JDK's own providers, stored sealed under the
 * {@link MasterKey}. The clear private key exists only in this object's memory; it is opened once per key and
 * kept, since unsealing on every signature would double the cost of issuing.
 */
public final class SoftwareKeyProvider implements KeyProvider {
    public static final String SCHEME = "software";

    private final SealedKeyStore store;
    private final SecretCipher cipher;
    private final SecureRandom random;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    private record Loaded(KeyAlgorithm algorithm, PublicKey publicKey, PrivateKey privateKey) {}

    public SoftwareKeyProvider(SealedKeyStore store, SecretCipher cipher, SecureRandom random) {
        this.store = store;
        this.cipher = cipher;
        this.random = random;
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public KeyRef generate(KeyAlgorithm algorithm) {
        KeyPair pair = newKeyPair(algorithm);
        String id = UUID.randomUUID().toString();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            byte[] sealed = cipher.seal(pkcs8, aad(id, algorithm));
            store.save(new SealedKey(id, algorithm, pair.getPublic().getEncoded(), sealed));
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        loaded.put(id, new Loaded(algorithm, pair.getPublic(), pair.getPrivate()));
        return new KeyRef(SCHEME + ":" + id);
    }

    @Override
    public PublicKey publicKey(KeyRef ref) {
        return load(ref).publicKey();
    }

    @Override
    public KeyAlgorithm algorithm(KeyRef ref) {
        return load(ref).algorithm();
    }

    @Override
    public byte[] sign(KeyRef ref, String jcaAlgorithm, byte[] data) {
        Loaded key = load(ref);
        try {
            Signature s = Signature.getInstance(jcaAlgorithm);
            s.initSign(key.privateKey(), random);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL,
                    "Signing with " + jcaAlgorithm + " failed for key " + ref + ".", e);
        }
    }

    private Loaded load(KeyRef ref) {
        if (!SCHEME.equals(ref.scheme())) {
            throw new IllegalArgumentException("not a software key: " + ref);
        }
        return loaded.computeIfAbsent(ref.id(), this::unseal);
    }

    private Loaded unseal(String id) {
        SealedKey sealed = store.load(id).orElseThrow(() -> new CastellanException(ErrorCode.INTERNAL,
                "The key " + SCHEME + ":" + id + " is not in the key store."));
        byte[] pkcs8 = cipher.open(sealed.sealedPrivateKey(), aad(id, sealed.algorithm()));
        try {
            KeyFactory f = KeyFactory.getInstance(factoryName(sealed.algorithm()));
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            PublicKey pub = f.generatePublic(new X509EncodedKeySpec(sealed.publicKeyDer()));
            return new Loaded(sealed.algorithm(), pub, priv);
        } catch (GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The stored key " + id + " does not decode.", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private KeyPair newKeyPair(KeyAlgorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(factoryName(algorithm));
            switch (algorithm.family()) {
                case RSA -> g.initialize(algorithm.bits(), random);
                case EC -> g.initialize(new ECGenParameterSpec(algorithm.curve().orElseThrow()), random);
                case ML_DSA -> g.initialize(new NamedParameterSpec(algorithm.jcaName()), random);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "This JDK cannot generate " + algorithm + " keys.", e);
        }
    }

    private static String factoryName(KeyAlgorithm algorithm) {
        return switch (algorithm.family()) {
            case RSA -> "RSA";
            case EC -> "EC";
            case ML_DSA -> "ML-DSA";
        };
    }

    /** Binds a sealed key to its id and algorithm, so rows cannot be swapped between keys unnoticed. */
    private static byte[] aad(String id, KeyAlgorithm algorithm) {
        return ("castellan/software-key/" + id + "/" + algorithm.name()).getBytes(StandardCharsets.UTF_8);
    }
}
