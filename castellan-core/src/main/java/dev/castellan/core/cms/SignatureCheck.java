package dev.castellan.core.cms;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.PSSParameterSpec;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Checks the signature of one SignerInfo over its DER signed attributes with the JDK's own providers (the SUN
 * provider for ML-DSA), never BouncyCastle's: the writer uses it to refuse a key that does not match its
 * certificate, the verifier to judge signatures made by anyone.
 */
final class SignatureCheck {
    /** The JCA names of the signature algorithms that fix their own hash. */
    private static final Map<ASN1ObjectIdentifier, String> FIXED = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA",
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA",
            NISTObjectIdentifiers.id_ml_dsa_44, "ML-DSA-44",
            NISTObjectIdentifiers.id_ml_dsa_65, "ML-DSA-65",
            NISTObjectIdentifiers.id_ml_dsa_87, "ML-DSA-87");

    /** What came of a check. */
    enum Outcome { VALID, INVALID, WRONG_KEY }

    private SignatureCheck() {}

    /**
     * A JCA signature object for a signatureAlgorithm, parameters set; empty if Castellan cannot check it. The
     * digest algorithm decides the hash only where the identifier leaves it open: plain {@code rsaEncryption}, which
     * OpenSSL writes (RFC 3370 §3.2).
     */
    static Optional<Signature> forIdentifier(AlgorithmIdentifier signatureAlgorithm, DigestAlgorithm digest) {
        ASN1ObjectIdentifier oid = signatureAlgorithm.getAlgorithm();
        try {
            String fixed = FIXED.get(oid);
            if (fixed != null && fixed.startsWith("ML-DSA") && signatureAlgorithm.getParameters() != null) {
                return Optional.empty(); // RFC 9881 §2: the parameters MUST be absent
            }
            if (fixed != null) {
                return Optional.of(Signature.getInstance(fixed));
            }
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) && digest != null) {
                return Optional.of(Signature.getInstance(digest.jcaName().replace("-", "") + "withRSA"));
            }
            if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS) && signatureAlgorithm.getParameters() != null) {
                AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
                p.init(signatureAlgorithm.getParameters().toASN1Primitive().getEncoded());
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(p.getParameterSpec(PSSParameterSpec.class));
                return Optional.of(s);
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IOException e) {
            return Optional.empty();
        }
    }

    /** How people know the algorithm: {@code ML-DSA-65}, {@code ECDSA/SHA-256}, or the OID if it is unknown. */
    static String displayName(AlgorithmIdentifier signatureAlgorithm, DigestAlgorithm digest) {
        ASN1ObjectIdentifier oid = signatureAlgorithm.getAlgorithm();
        for (SignerAlgorithm a : SignerAlgorithm.values()) {
            if (a.signatureIdentifier().getAlgorithm().equals(oid)) {
                return a.displayName();
            }
        }
        String hash = digest == null ? "?" : digest.jcaName();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA/" + hash;
        }
        if (oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return "RSASSA-PSS";
        }
        return "algorithm " + oid.getId();
    }

    /** Checks {@code signature} over {@code signedAttributes} with {@code key}. */
    static Outcome check(Signature verifier, PublicKey key, byte[] signedAttributes, byte[] signature) {
        try {
            verifier.initVerify(key);
        } catch (InvalidKeyException e) {
            return Outcome.WRONG_KEY;
        }
        try {
            verifier.update(signedAttributes);
            return verifier.verify(signature) ? Outcome.VALID : Outcome.INVALID;
        } catch (SignatureException e) {
            return Outcome.INVALID; // a signature that does not even decode
        }
    }
}
