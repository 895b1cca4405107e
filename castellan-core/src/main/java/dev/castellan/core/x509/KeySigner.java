package dev.castellan.core.x509;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.SigningAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A BouncyCastle {@link ContentSigner} whose private key stays in a {@link KeyProvider}: BouncyCastle encodes
 * the to-be-signed bytes, and the provider signs them. One instance signs one structure.
 */
public final class KeySigner implements ContentSigner {
    private final KeyProvider provider;
    private final KeyRef key;
    private final SigningAlgorithm algorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

    public KeySigner(KeyProvider provider, KeyRef key, SigningAlgorithm algorithm) {
        this.provider = provider;
        this.key = key;
        this.algorithm = algorithm;
        this.algorithmIdentifier = algorithmIdentifier(algorithm);
    }

    public static AlgorithmIdentifier algorithmIdentifier(SigningAlgorithm algorithm) {
        return new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm.jcaName());
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        return provider.sign(key, algorithm.jcaName(), buffer.toByteArray());
    }
}
