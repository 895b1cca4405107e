package dev.castellan.core.cms;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/** A message digest algorithm of a CMS signer: the hash of the signed content (RFC 5754). */
public enum DigestAlgorithm {
    SHA_256("SHA-256", NISTObjectIdentifiers.id_sha256, 128),
    SHA_384("SHA-384", NISTObjectIdentifiers.id_sha384, 192),
    SHA_512("SHA-512", NISTObjectIdentifiers.id_sha512, 256);

    private final String jcaName;
    private final ASN1ObjectIdentifier oid;
    private final int collisionStrengthBits;

    DigestAlgorithm(String jcaName, ASN1ObjectIdentifier oid, int collisionStrengthBits) {
        this.jcaName = jcaName;
        this.oid = oid;
        this.collisionStrengthBits = collisionStrengthBits;
    }

    /** The JCA {@code MessageDigest} name, also the name shown to people. */
    public String jcaName() {
        return jcaName;
    }

    /** Half the output length: what the weakest ML-DSA parameter set that may use it needs (RFC 9882 §3.3). */
    int collisionStrengthBits() {
        return collisionStrengthBits;
    }

    /** The identifier with absent parameters, as RFC 5754 §2 says to write it. */
    public AlgorithmIdentifier identifier() {
        return new AlgorithmIdentifier(oid);
    }

    /**
     * The algorithm an identifier names; parameters may be absent or NULL, which RFC 5754 §2 requires readers to
     * accept.
     */
    public static Optional<DigestAlgorithm> of(AlgorithmIdentifier id) {
        for (DigestAlgorithm d : values()) {
            if (d.oid.equals(id.getAlgorithm())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** A fresh JCA digest; every JDK has these three. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of {@code data} in one call. */
    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }
}
