package dev.castellan.server.codesign;

import dev.castellan.core.cms.CmsSigningKey;
import dev.castellan.core.cms.SignerAlgorithm;
import dev.castellan.server.client.KmsJsonClient;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.digests.SHAKEDigest;

/**
 * A key in Castellan's key service, signing through the KMS API: the private key never leaves the server.
 *
 * <p>What is sent: for RSA and ECDSA the hash of the data ({@code MessageType=DIGEST}); for ML-DSA the data itself
 * ({@code RAW}) when it is at most 4096 bytes, the KMS limit, and otherwise its 64-byte message representative μ of
 * FIPS 204 §6.2 ({@code EXTERNAL_MU}), computed here from the public key: μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖
 * 0x00 ‖ M, 64), pure ML-DSA with an empty context. Both give the signature pure ML-DSA makes over the data. Every
 * signature is checked with the public key before it is used, so a faulty or impostor server cannot slip a bad
 * signature into a CSR or a CMS object.
 */
public final class KmsSigningKey implements CmsSigningKey {
    /** The largest RAW message KMS signs. */
    static final int MAX_RAW_MESSAGE = 4096;

    private final KmsJsonClient kms;
    private final String keyId;
    private final PublicKey publicKey;
    private final byte[] rawPublicKey;
    private final SignerAlgorithm keyAlgorithm;
    private final KmsAlgorithm algorithm;

    private KmsSigningKey(KmsJsonClient kms, String keyId, PublicKey publicKey, KmsAlgorithm algorithm) {
        this.kms = kms;
        this.keyId = keyId;
        this.publicKey = publicKey;
        this.rawPublicKey = SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getBytes();
        this.keyAlgorithm = SignerAlgorithm.forKey(publicKey);
        this.algorithm = algorithm;
    }

    /**
     * Fetches the public key and settles the signing algorithm.
     *
     * @param signingAlgorithm a KMS SigningAlgorithmSpec the key offers, or null for the one that goes with the
     *                         key (see {@link SignerAlgorithm})
     */
    public static KmsSigningKey open(KmsJsonClient kms, String keyId, String signingAlgorithm) {
        KmsJsonClient.PublicKeyInfo info = kms.getPublicKey(keyId);
        PublicKey key = decode(info.subjectPublicKeyInfo());
        KmsAlgorithm algorithm;
        if (signingAlgorithm == null) {
            algorithm = KmsAlgorithm.of(SignerAlgorithm.forKey(key));
        } else {
            if (!info.signingAlgorithms().contains(signingAlgorithm)) {
                throw new CommandException("the key " + keyId + " (" + info.keySpec() + ") cannot sign with "
                        + signingAlgorithm + "; it offers " + String.join(", ", info.signingAlgorithms()));
            }
            algorithm = KmsAlgorithm.valueOf(signingAlgorithm);
        }
        return new KmsSigningKey(kms, keyId, key, algorithm);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    KmsAlgorithm kmsAlgorithm() {
        return algorithm;
    }

    @Override
    public SignerAlgorithm algorithm() {
        return keyAlgorithm;
    }

    @Override
    public byte[] sign(byte[] data) {
        byte[] signature;
        if (algorithm.mlDsa()) {
            signature = data.length <= MAX_RAW_MESSAGE
                    ? kms.sign(keyId, data, "RAW", algorithm.name())
                    : kms.sign(keyId, mu(rawPublicKey, data), "EXTERNAL_MU", algorithm.name());
        } else {
            signature = kms.sign(keyId, digest(algorithm.hash(), data), "DIGEST", algorithm.name());
        }
        requireValid(data, signature);
        return signature;
    }

    private void requireValid(byte[] data, byte[] signature) {
        try {
            Signature v = algorithm.newVerifier();
            v.initVerify(publicKey);
            v.update(data);
            if (v.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: a signature the JDK cannot even read is as bad as a wrong one
        }
        throw new CommandException("the key service at " + kms.endpoint() + " returned a " + algorithm
                + " signature for " + keyId + " that does not verify with the key's public key");
    }

    /** μ of FIPS 204 §6.2 for pure ML-DSA with an empty context: what EXTERNAL_MU expects. */
    static byte[] mu(byte[] rawPublicKey, byte[] message) {
        byte[] tr = new byte[64];
        SHAKEDigest h = new SHAKEDigest(256);
        h.update(rawPublicKey, 0, rawPublicKey.length);
        h.doFinal(tr, 0, tr.length);
        byte[] mu = new byte[64];
        h = new SHAKEDigest(256);
        h.update(tr, 0, tr.length);
        h.update((byte) 0); // pure ML-DSA, not HashML-DSA
        h.update((byte) 0); // context length 0
        h.update(message, 0, message.length);
        h.doFinal(mu, 0, mu.length);
        return mu;
    }

    private static byte[] digest(String hash, byte[] data) {
        try {
            return MessageDigest.getInstance(hash).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JDK's public key for a DER SubjectPublicKeyInfo of an EC, RSA or ML-DSA key. */
    static PublicKey decode(byte[] spki) {
        ASN1ObjectIdentifier oid = SubjectPublicKeyInfo.getInstance(spki).getAlgorithm().getAlgorithm();
        String family = oid.equals(X9ObjectIdentifiers.id_ecPublicKey) ? "EC"
                : oid.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "ML-DSA";
        try {
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException e) {
            throw new CommandException("the key service returned a public key Castellan cannot use (" + oid + "): "
                    + e.getMessage());
        }
    }
}
