package dev.castellan.keys.software;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SealedKeyStore;
import dev.castellan.core.keys.SealedKeyStore.SealedKey;
import dev.castellan.core.keys.SecretCipher;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.model.KeyAlgorithm;
import java.io.IOException;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

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
    private final Map<String, MLDSAPrivateKeyParameters> mlDsaKeys = new ConcurrentHashMap<>();

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

    /** Signs with a JCA algorithm name or a {@link SignatureScheme} name (see {@link KeyProvider#sign}). */
    @Override
    public byte[] sign(KeyRef ref, String algorithm, byte[] data) {
        Loaded key = load(ref);
        Optional<SignatureScheme> scheme = SignatureScheme.parse(algorithm);
        if (scheme.isPresent() && scheme.get().family() != key.algorithm().family()) {
            throw new IllegalArgumentException(algorithm + " cannot sign with the " + key.algorithm() + " key " + ref);
        }
        try {
            if (scheme.isPresent()) {
                return SchemeSigner.sign(scheme.get(), key.privateKey(), () -> mlDsaParameters(ref.id(), key), data,
                        random);
            }
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key.privateKey(), random);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | CryptoException e) {
            throw new CastellanException(ErrorCode.INTERNAL,
                    "Signing with " + algorithm + " failed for key " + ref + ".", e);
        }
    }

    /**
     * Deletes the sealed key from the store, then forgets the unsealed copy this process kept. The store goes first:
     * if deleting fails the key is still whole and the purge runs again.
     */
    @Override
    public void destroy(KeyRef ref) {
        if (!SCHEME.equals(ref.scheme())) {
            throw new IllegalArgumentException("not a software key: " + ref);
        }
        store.delete(ref.id());
        loaded.remove(ref.id());
        mlDsaKeys.remove(ref.id());
    }

    /**
     * The ML-DSA key in BouncyCastle's form, converted from its PKCS#8 encoding once and kept like the JDK key:
     * the JDK's ML-DSA has no external-μ mode, BouncyCastle's low-level signer has.
     */
    private MLDSAPrivateKeyParameters mlDsaParameters(String id, Loaded key) {
        return mlDsaKeys.computeIfAbsent(id, unused -> {
            byte[] pkcs8 = key.privateKey().getEncoded();
            try {
                return (MLDSAPrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
            } catch (IOException | ClassCastException e) {
                throw new CastellanException(ErrorCode.INTERNAL, "The ML-DSA key " + id + " does not convert.", e);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        });
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
