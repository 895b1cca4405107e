package dev.castellan.core.crl;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SignatureScheme;
import dev.castellan.core.keys.SignatureScheme.Hash;
import dev.castellan.core.keys.SignatureScheme.Input;
import dev.castellan.core.keys.SignatureScheme.Kind;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.x509.KeySigner;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.operator.ContentSigner;

/**
 * A BouncyCastle {@link ContentSigner} that hashes what it is given as it arrives and hands the
 * {@link KeyProvider} only the hash: the {@code /DIGEST} form of RSA and ECDSA, and for ML-DSA the external μ of
 * FIPS 204 §6.2 (pure mode, empty context, as RFC 9881 signs X.509 objects). A CRL of any size thus reaches the
 * provider — and a hardware module behind it — as 32 to 64 bytes, and is never copied.
 *
 * <p>Before returning, the signature is checked against the CA's public key over the same hash, so a faulty
 * provider cannot make Castellan publish a CRL that does not verify. One instance signs one structure.
 */
public final class StreamingKeySigner implements ContentSigner {
    private final KeyProvider provider;
    private final KeyRef key;
    private final PublicKey publicKey;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final SignatureScheme scheme;
    private final MessageDigest digest;
    private final SHAKEDigest mu;
    private final OutputStream stream;

    public StreamingKeySigner(KeyProvider provider, KeyRef key, SigningAlgorithm algorithm) {
        this.provider = provider;
        this.key = key;
        this.publicKey = provider.publicKey(key);
        this.algorithmIdentifier = KeySigner.algorithmIdentifier(algorithm);
        this.scheme = prehashScheme(algorithm);
        if (scheme.kind() == Kind.ML_DSA) {
            this.digest = null;
            this.mu = new SHAKEDigest(256);
            byte[] tr = new byte[64];
            SHAKEDigest pk = new SHAKEDigest(256);
            byte[] raw = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getBytes();
            pk.update(raw, 0, raw.length);
            pk.doFinal(tr, 0, tr.length);
            mu.update(tr, 0, tr.length);
            mu.update((byte) 0); // pure ML-DSA (not HashML-DSA)
            mu.update((byte) 0); // context length 0
        } else {
            this.mu = null;
            this.digest = newDigest(scheme.hash());
        }
        this.stream = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (mu != null) {
                    mu.update(b, off, len);
                } else {
                    digest.update(b, off, len);
                }
            }
        };
    }

    /** The scheme that signs a hash of the message the way {@code algorithm} signs the message itself. */
    static SignatureScheme prehashScheme(SigningAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA256WITHECDSA -> new SignatureScheme(Kind.ECDSA, Hash.SHA_256, Input.DIGEST);
            case SHA384WITHECDSA -> new SignatureScheme(Kind.ECDSA, Hash.SHA_384, Input.DIGEST);
            case SHA512WITHECDSA -> new SignatureScheme(Kind.ECDSA, Hash.SHA_512, Input.DIGEST);
            case SHA256WITHRSA -> new SignatureScheme(Kind.RSA_PKCS1, Hash.SHA_256, Input.DIGEST);
            case SHA384WITHRSA -> new SignatureScheme(Kind.RSA_PKCS1, Hash.SHA_384, Input.DIGEST);
            case SHA512WITHRSA -> new SignatureScheme(Kind.RSA_PKCS1, Hash.SHA_512, Input.DIGEST);
            case ML_DSA_44, ML_DSA_65, ML_DSA_87 -> new SignatureScheme(Kind.ML_DSA, null, Input.EXTERNAL_MU);
        };
    }

    private static MessageDigest newDigest(Hash hash) {
        try {
            return MessageDigest.getInstance(hash.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return stream;
    }

    @Override
    public byte[] getSignature() {
        byte[] hash;
        if (mu != null) {
            hash = new byte[SignatureScheme.MU_BYTES];
            mu.doFinal(hash, 0, hash.length);
        } else {
            hash = digest.digest();
        }
        byte[] signature = provider.sign(key, scheme.name(), hash);
        if (!scheme.verify(publicKey, hash, signature)) {
            throw new CastellanException(ErrorCode.INTERNAL,
                    "The key " + key + " made a signature that does not verify; nothing was published.");
        }
        return signature;
    }
}
