package dev.castellan.core.csr;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.KeyAlgorithm;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;
import org.bouncycastle.operator.bc.BcRSAContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * Reads the PKCS#10 request of an IssueCertificate call: PEM text, a parseable request, a supported key, and a
 * self-signature that verifies. Every failure is a {@link ErrorCode#MALFORMED_CSR} saying which of these failed.
 */
public final class CsrParser {
    private static final Set<String> PEM_TYPES = Set.of("CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST");
    /**
     * How the self-signature is checked. ECDSA and RSA go to BouncyCastle's lightweight verifiers, ML-DSA to the
     * JDK (1.7x faster than BouncyCastle for ML-DSA-65, measured in session 1). Not BouncyCastle's JCA verifier
     * builder for ECDSA or RSA: the verifier it returns for them also checks the signature a second time against an
     * empty digest after every verification (to release PKCS#11 sessions), which for ECDSA doubled the cost of the
     * check; a profile of issuance showed it as an eighth of the server's CPU.
     */
    private static final DefaultDigestAlgorithmIdentifierFinder DIGESTS = new DefaultDigestAlgorithmIdentifierFinder();

    private static final Map<ASN1ObjectIdentifier, KeyAlgorithm> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, KeyAlgorithm.EC_prime256v1,
            SECObjectIdentifiers.secp384r1, KeyAlgorithm.EC_secp384r1,
            SECObjectIdentifiers.secp521r1, KeyAlgorithm.EC_secp521r1);
    private static final Map<ASN1ObjectIdentifier, KeyAlgorithm> ML_DSA = Map.of(
            NISTObjectIdentifiers.id_ml_dsa_44, KeyAlgorithm.ML_DSA_44,
            NISTObjectIdentifiers.id_ml_dsa_65, KeyAlgorithm.ML_DSA_65,
            NISTObjectIdentifiers.id_ml_dsa_87, KeyAlgorithm.ML_DSA_87);

    private CsrParser() {}

    /** Parses and verifies a PEM CSR ({@code CERTIFICATE REQUEST} or the older {@code NEW CERTIFICATE REQUEST}). */
    public static PKCS10CertificationRequest parse(byte[] blob) {
        byte[] der = pemContent(blob);
        PKCS10CertificationRequest csr;
        try {
            csr = new PKCS10CertificationRequest(der);
            csr.getSubjectPublicKeyInfo();
        } catch (IOException | RuntimeException e) {
            throw malformed("The CSR is not a PKCS#10 certification request: " + e.getMessage());
        }
        try {
            keyAlgorithmOf(csr.getSubjectPublicKeyInfo());
        } catch (CastellanException e) {
            throw malformed("The CSR's public key is not supported: " + e.getMessage());
        }
        boolean valid;
        try {
            valid = csr.isSignatureValid(verifier(csr.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | IOException | RuntimeException e) {
            throw malformed("The CSR's signature could not be checked: " + e.getMessage());
        }
        if (!valid) {
            throw malformed("The CSR's signature does not verify with the public key it carries.");
        }
        return csr;
    }

    private static ContentVerifierProvider verifier(SubjectPublicKeyInfo spki) throws OperatorCreationException, IOException {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return new BcECContentVerifierProviderBuilder(DIGESTS).build(PublicKeyFactory.createKey(spki));
        }
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return new BcRSAContentVerifierProviderBuilder(DIGESTS).build(PublicKeyFactory.createKey(spki));
        }
        return new JcaContentVerifierProviderBuilder().build(spki);
    }

    /**
     * The AWS key algorithm of a public key: RSA of 2048, 3072 or 4096 bits, EC on P-256, P-384 or P-521, or
     * ML-DSA-44/65/87. Anything else is {@link ErrorCode#INVALID_ARGS}; a key that does not decode is
     * {@link ErrorCode#MALFORMED_CSR}.
     */
    public static KeyAlgorithm keyAlgorithmOf(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsa(spki);
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ASN1Encodable params = spki.getAlgorithm().getParameters();
            if (!(params instanceof ASN1ObjectIdentifier curve)) {
                throw CastellanException.invalidArgs("EC keys must name their curve; explicit curve parameters are "
                        + "not supported.");
            }
            KeyAlgorithm a = CURVES.get(curve);
            if (a == null) {
                throw CastellanException.invalidArgs("The EC curve " + curve
                        + " is not supported; use P-256, P-384 or P-521.");
            }
            return a;
        }
        KeyAlgorithm mlDsa = ML_DSA.get(algorithm);
        if (mlDsa != null) {
            if (spki.getAlgorithm().getParameters() != null) {
                throw new CastellanException(ErrorCode.MALFORMED_CSR,
                        "An ML-DSA key's algorithm identifier must have no parameters (RFC 9881).");
            }
            return mlDsa;
        }
        throw CastellanException.invalidArgs("The key algorithm " + algorithm
                + " is not supported; use RSA, EC (P-256, P-384, P-521) or ML-DSA.");
    }

    private static KeyAlgorithm rsa(SubjectPublicKeyInfo spki) {
        int bits;
        try {
            bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
        } catch (IOException | RuntimeException e) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR, "The RSA public key does not decode.");
        }
        return switch (bits) {
            case 2048 -> KeyAlgorithm.RSA_2048;
            case 3072 -> KeyAlgorithm.RSA_3072;
            case 4096 -> KeyAlgorithm.RSA_4096;
            default -> throw CastellanException.invalidArgs("An RSA key of " + bits
                    + " bits is not supported; use 2048, 3072 or 4096 bits.");
        };
    }

    private static byte[] pemContent(byte[] blob) {
        if (blob == null || blob.length == 0) {
            throw malformed("The CSR is empty.");
        }
        PemObject first;
        PemObject second;
        try (PemReader r = new PemReader(new StringReader(new String(blob, StandardCharsets.US_ASCII)))) {
            first = r.readPemObject();
            second = first == null ? null : r.readPemObject();
        } catch (IOException | RuntimeException e) {
            throw malformed("The CSR is not valid PEM: " + e.getMessage());
        }
        if (first == null) {
            throw malformed("The CSR is not PEM-encoded: expected a -----BEGIN CERTIFICATE REQUEST----- block.");
        }
        if (!PEM_TYPES.contains(first.getType())) {
            throw malformed("The PEM block is a " + first.getType() + ", not a CERTIFICATE REQUEST.");
        }
        if (second != null) {
            throw malformed("The CSR must be a single PEM block; found another " + second.getType() + " block.");
        }
        if (first.getContent().length == 0) {
            throw malformed("The CSR's PEM block is empty.");
        }
        return first.getContent();
    }

    private static CastellanException malformed(String message) {
        return new CastellanException(ErrorCode.MALFORMED_CSR, message);
    }
}
