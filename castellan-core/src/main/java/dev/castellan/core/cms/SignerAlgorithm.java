package dev.castellan.core.cms;

import dev.castellan.core.CastellanException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * How a Castellan CMS signer signs: the signature algorithm applied to the DER of the signed attributes, and the
 * digest of the content carried in the message-digest attribute.
 *
 * <p>ML-DSA uses SHA-512 for the content digest, which RFC 9882 §3.3 requires every implementation to support and
 * which is strong enough for all three parameter sets. RSA and ECDSA use the smallest SHA-2 whose collision strength
 * is at least the key's security strength (NIST SP 800-57 Part 1, Table 2): P-256 SHA-256, P-384 SHA-384, P-521
 * SHA-512; RSA up to 3072 bits SHA-256, larger SHA-384. The signature hash is the same as the content digest.
 */
public enum SignerAlgorithm {
    ECDSA_SHA_256(Family.ECDSA, DigestAlgorithm.SHA_256, X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA"),
    ECDSA_SHA_384(Family.ECDSA, DigestAlgorithm.SHA_384, X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA"),
    ECDSA_SHA_512(Family.ECDSA, DigestAlgorithm.SHA_512, X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA"),
    RSA_SHA_256(Family.RSA, DigestAlgorithm.SHA_256, PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA"),
    RSA_SHA_384(Family.RSA, DigestAlgorithm.SHA_384, PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA"),
    RSA_SHA_512(Family.RSA, DigestAlgorithm.SHA_512, PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA"),
    ML_DSA_44(Family.ML_DSA, DigestAlgorithm.SHA_512, NISTObjectIdentifiers.id_ml_dsa_44, "ML-DSA-44"),
    ML_DSA_65(Family.ML_DSA, DigestAlgorithm.SHA_512, NISTObjectIdentifiers.id_ml_dsa_65, "ML-DSA-65"),
    ML_DSA_87(Family.ML_DSA, DigestAlgorithm.SHA_512, NISTObjectIdentifiers.id_ml_dsa_87, "ML-DSA-87");

    /** The kind of key an algorithm needs. */
    public enum Family { ECDSA, RSA, ML_DSA }

    private final Family family;
    private final DigestAlgorithm digest;
    private final ASN1ObjectIdentifier oid;
    private final String jcaName;

    SignerAlgorithm(Family family, DigestAlgorithm digest, ASN1ObjectIdentifier oid, String jcaName) {
        this.family = family;
        this.digest = digest;
        this.oid = oid;
        this.jcaName = jcaName;
    }

    public Family family() {
        return family;
    }

    /** The content digest, and for RSA and ECDSA also the hash inside the signature. */
    public DigestAlgorithm digest() {
        return digest;
    }

    /** The JCA {@code Signature} name that signs a message (here: the DER signed attributes) this way. */
    public String jcaName() {
        return jcaName;
    }

    /**
     * The signatureAlgorithm of the SignerInfo: parameters NULL for RSA (RFC 4055 §5), absent for ECDSA (RFC 5758
     * §3.2) and ML-DSA (RFC 9882 §2).
     */
    public AlgorithmIdentifier signatureIdentifier() {
        return family == Family.RSA ? new AlgorithmIdentifier(oid, DERNull.INSTANCE) : new AlgorithmIdentifier(oid);
    }

    /** The name shown to people, e.g. {@code ECDSA/SHA-256} or {@code ML-DSA-65}. */
    public String displayName() {
        return family == Family.ML_DSA ? jcaName : family + "/" + digest.jcaName();
    }

    /** The algorithm a signer with this public key uses (see the class comment for the choice of hash). */
    public static SignerAlgorithm forKey(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? ECDSA_SHA_256 : bits <= 384 ? ECDSA_SHA_384 : ECDSA_SHA_512;
        }
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength() <= 3072 ? RSA_SHA_256 : RSA_SHA_384;
        }
        ASN1ObjectIdentifier keyOid = SubjectPublicKeyInfo.getInstance(key.getEncoded()).getAlgorithm().getAlgorithm();
        for (SignerAlgorithm a : values()) {
            if (a.family == Family.ML_DSA && a.oid.equals(keyOid)) {
                return a;
            }
        }
        throw CastellanException.invalidArgs("Castellan signs code with RSA, ECDSA or ML-DSA keys, not "
                + key.getAlgorithm() + " (" + keyOid + ").");
    }
}
