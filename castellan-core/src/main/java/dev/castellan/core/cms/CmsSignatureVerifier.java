package dev.castellan.core.cms;

import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;

/**
 * Judges every signer of a CMS SignedData against a {@link VerificationPolicy}: the signature over the signed
 * attributes, the message digest of the content, the signing time, the signer certificate's validity and purpose,
 * and its chain to a trusted root. Each signer gets a verdict with at most one reason, the first check that failed,
 * in the order below — so one flipped byte yields one sentence that names what it broke.
 *
 * <p>Signatures are checked with the JDK providers ({@link SignatureCheck}) and chains with the JDK's PKIX validator
 * ({@link CertificateChain}); BouncyCastle only parses. Signers without signed attributes are refused: every CMS
 * code signature Castellan accepts binds its content through the message-digest attribute (RFC 5652 §5.3).
 */
public final class CmsSignatureVerifier {
    private static final String CODE_SIGNING = KeyPurposeId.id_kp_codeSigning.getId();
    private static final Map<String, String> PURPOSE_NAMES = Map.of(
            KeyPurposeId.id_kp_serverAuth.getId(), "serverAuth",
            KeyPurposeId.id_kp_clientAuth.getId(), "clientAuth",
            CODE_SIGNING, "codeSigning",
            KeyPurposeId.id_kp_emailProtection.getId(), "emailProtection",
            KeyPurposeId.id_kp_timeStamping.getId(), "timeStamping",
            KeyPurposeId.id_kp_OCSPSigning.getId(), "OCSPSigning",
            KeyPurposeId.anyExtendedKeyUsage.getId(), "anyExtendedKeyUsage");

    private final VerificationPolicy policy;

    public CmsSignatureVerifier(VerificationPolicy policy) {
        this.policy = policy;
    }

    /**
     * Judges every signer.
     *
     * @param contentDigests the content hashed with every algorithm in {@link CmsSignature#digestAlgorithms()}
     * @param contentName    what the content is called in messages, e.g. {@code the file}
     */
    public Verdict verify(CmsSignature signature, Map<DigestAlgorithm, byte[]> contentDigests, String contentName) {
        List<X509Certificate> pool = new ArrayList<>(signature.certificates());
        pool.addAll(policy.extraCertificates());
        List<SignerVerdict> out = new ArrayList<>();
        int number = 0;
        for (SignerInformation s : signature.signers()) {
            out.add(judge(++number, s, signature, pool, contentDigests, contentName));
        }
        return new Verdict(out);
    }

    private SignerVerdict judge(int number, SignerInformation s, CmsSignature signature, List<X509Certificate> pool,
            Map<DigestAlgorithm, byte[]> contentDigests, String contentName) {
        DigestAlgorithm digest = DigestAlgorithm.of(s.getDigestAlgorithmID()).orElse(null);
        AlgorithmIdentifier signatureAlgorithm = s.toASN1Structure().getDigestEncryptionAlgorithm();
        String algorithm = SignatureCheck.displayName(signatureAlgorithm, digest);
        X509Certificate cert = findSigner(s.getSID(), pool).orElse(null);
        String signer = cert != null ? CertificateNames.subject(cert) : describe(s.getSID());
        Instant signingTime = null;
        try {
            // 1. Algorithms this verifier can check.
            if (digest == null) {
                throw new Refusal("digest algorithm " + s.getDigestAlgOID() + " is not supported (SHA-256, SHA-384,"
                        + " SHA-512 are)");
            }
            Signature verifier = SignatureCheck.forIdentifier(signatureAlgorithm, digest).orElseThrow(() ->
                    new Refusal("signature algorithm " + signatureAlgorithm.getAlgorithm() + " is not supported"));
            requireStrongEnoughDigest(signatureAlgorithm.getAlgorithm(), digest);
            // 2. The signer certificate, found by the SignerIdentifier among those carried and those given.
            if (cert == null) {
                throw new Refusal("the signer certificate is neither carried in the signature nor among the given"
                        + " certificates");
            }
            // 3. Signed attributes, and the signature over their DER encoding (RFC 5652 §5.4).
            AttributeTable attributes = s.getSignedAttributes();
            if (attributes == null) {
                throw new Refusal("it has no signed attributes, so nothing binds it to the content type and digest");
            }
            switch (SignatureCheck.check(verifier, cert.getPublicKey(), encodedAttributes(s), s.getSignature())) {
                case VALID -> { }
                case INVALID -> throw new Refusal("the signature value does not verify with the public key of the"
                        + " signer certificate");
                case WRONG_KEY -> throw new Refusal("the signer certificate holds a "
                        + cert.getPublicKey().getAlgorithm() + " key, which cannot make " + algorithm + " signatures");
            }
            // 4. Content type and message digest bind the signature to this content (RFC 5652 §11.1, §11.2).
            ASN1Encodable contentType = single(attributes, CMSAttributes.contentType, "content-type");
            if (!signature.contentType().equals(contentType)) {
                throw new Refusal("the content-type attribute (" + contentType + ") does not match the content type "
                        + signature.contentType());
            }
            ASN1Encodable messageDigest = single(attributes, CMSAttributes.messageDigest, "message-digest");
            byte[] actual = contentDigests.get(digest);
            if (actual == null) {
                throw new IllegalArgumentException("the content was not hashed with " + digest.jcaName());
            }
            if (!(messageDigest instanceof ASN1OctetString claimed)
                    || !MessageDigest.isEqual(claimed.getOctets(), actual)) {
                throw new Refusal("message digest does not match " + contentName);
            }
            // 5. The signing time, if any, decides when the certificates must have been valid.
            signingTime = signingTime(attributes);
            if (signingTime != null && signingTime.isAfter(policy.now().plus(policy.clockSkew()))) {
                throw new Refusal("it claims to be signed at " + signingTime + ", which is in the future");
            }
            Instant at = signingTime != null ? signingTime : policy.now();
            CertificateChain.requireValid(cert, at, "");
            // 6. The signer certificate is for this purpose.
            requirePurpose(cert);
            // 7. The chain to a trusted root, valid at the same time.
            List<String> chain = CertificateChain.validate(cert, pool, policy.trustAnchors(), at).stream()
                    .map(CertificateNames::subject).toList();
            return new SignerVerdict(number, algorithm, signer, signingTime, chain, null);
        } catch (Refusal r) {
            return new SignerVerdict(number, algorithm, signer, signingTime, List.of(), r.getMessage());
        }
    }

    /** The signed attributes re-encoded as a DER SET OF, the bytes the signer signed (RFC 5652 §5.4). */
    private static byte[] encodedAttributes(SignerInformation s) {
        try {
            return s.getEncodedSignedAttributes();
        } catch (java.io.IOException e) {
            throw new Refusal("the signed attributes do not encode: " + e.getMessage());
        }
    }

    private static Optional<X509Certificate> findSigner(SignerId sid, List<X509Certificate> pool) {
        for (X509Certificate c : pool) {
            boolean byIssuer = sid.getIssuer() != null && sid.getSerialNumber() != null
                    && sid.getSerialNumber().equals(c.getSerialNumber())
                    && sid.getIssuer().equals(X500Name.getInstance(c.getIssuerX500Principal().getEncoded()));
            byte[] ski = sid.getSubjectKeyIdentifier();
            boolean byKeyId = ski != null && java.util.Arrays.equals(ski, subjectKeyIdentifier(c));
            if (byIssuer || byKeyId) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static byte[] subjectKeyIdentifier(X509Certificate c) {
        byte[] ext = c.getExtensionValue(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier.getId());
        return ext == null ? null
                : ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
    }

    private static String describe(SignerId sid) {
        if (sid.getSubjectKeyIdentifier() != null) {
            return "unknown signer with key identifier "
                    + java.util.HexFormat.of().formatHex(sid.getSubjectKeyIdentifier());
        }
        return "unknown signer, serial " + sid.getSerialNumber().toString(16) + " from " + sid.getIssuer();
    }

    /**
     * RFC 9882 §3.3: the content digest of an ML-DSA signer must resist collisions as well as its parameter set
     * resists forgery (SHA-256 for ML-DSA-44, SHA-384 for ML-DSA-65, SHA-512 for ML-DSA-87).
     */
    private static void requireStrongEnoughDigest(ASN1ObjectIdentifier signatureOid, DigestAlgorithm digest) {
        int needed = signatureOid.equals(NISTObjectIdentifiers.id_ml_dsa_44) ? 128
                : signatureOid.equals(NISTObjectIdentifiers.id_ml_dsa_65) ? 192
                : signatureOid.equals(NISTObjectIdentifiers.id_ml_dsa_87) ? 256 : 0;
        if (digest.collisionStrengthBits() < needed) {
            throw new Refusal("digest " + digest.jcaName() + " is too weak for this ML-DSA parameter set"
                    + " (RFC 9882 §3.3)");
        }
    }

    /** The one value of the one attribute of this type (RFC 5652 §5.3 forbids repeats of these three). */
    private static ASN1Encodable single(AttributeTable attributes, ASN1ObjectIdentifier type, String name) {
        var all = attributes.getAll(type);
        if (all.size() == 0) {
            throw new Refusal("the " + name + " signed attribute is missing");
        }
        Attribute a = (Attribute) all.get(0);
        if (all.size() > 1 || a.getAttrValues().size() != 1) {
            throw new Refusal("the " + name + " signed attribute must appear once with one value");
        }
        return a.getAttrValues().getObjectAt(0);
    }

    private static Instant signingTime(AttributeTable attributes) {
        if (attributes.getAll(CMSAttributes.signingTime).size() == 0) {
            return null;
        }
        ASN1Encodable value = single(attributes, CMSAttributes.signingTime, "signing-time");
        try {
            return Time.getInstance(value).getDate().toInstant();
        } catch (IllegalArgumentException e) {
            throw new Refusal("the signing-time attribute is not a valid time");
        }
    }

    private void requirePurpose(X509Certificate cert) {
        boolean[] keyUsage = cert.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            throw new Refusal("certificate " + CertificateNames.subject(cert) + " may not make signatures: its key"
                    + " usage lacks digitalSignature");
        }
        if (policy.purpose() == VerificationPolicy.Purpose.ANY) {
            return;
        }
        List<String> purposes;
        try {
            purposes = cert.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new Refusal("certificate " + CertificateNames.subject(cert) + " has a damaged extended key usage");
        }
        if (purposes == null) {
            throw new Refusal("certificate " + CertificateNames.subject(cert) + " may not sign code: it has no"
                    + " extended key usage, and code signing requires codeSigning");
        }
        if (!purposes.contains(CODE_SIGNING)) {
            List<String> names = purposes.stream().map(p -> PURPOSE_NAMES.getOrDefault(p, p)).toList();
            throw new Refusal("certificate " + CertificateNames.subject(cert) + " may not sign code: its extended key"
                    + " usage is " + String.join(", ", names) + ", not codeSigning");
        }
    }
}
