package dev.castellan.core.cms;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Writes a detached CMS SignedData (RFC 5652 §5) over content the caller has digested: one SignerInfo per signer
 * (two for a dual classical + ML-DSA signature), each with the signed attributes content-type (id-data),
 * message-digest and signing-time, and the signer certificates plus the chain in {@code certificates}.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li>Every signer is identified by issuerAndSerialNumber, so SignerInfo and SignedData are version 1 (RFC 5652
 *   §5.1, §5.3), which OpenSSL and the RFC 9882 examples also write.</li>
 *   <li>The signed attributes are a DER SET OF, sorted by {@link DERSet}; the key signs exactly those bytes, and
 *   the same set goes into the SignerInfo as {@code [0] IMPLICIT}, so the bytes a verifier re-encodes are the
 *   bytes that were signed (§5.4).</li>
 *   <li>Each signature is checked against the certificate's public key before the object is returned: a key that
 *   does not belong to its certificate, or a remote signer that returns garbage, fails here rather than in the
 *   hands of whoever downloads the signed file.</li>
 * </ol>
 * No clock is read: the signing time is the caller's.
 */
public final class DetachedSignatureWriter {
    /** One signer: its key and the certificate of that key. */
    public record Signer(CmsSigningKey key, X509Certificate certificate) {
        public Signer {
            Objects.requireNonNull(key);
            Objects.requireNonNull(certificate);
        }
    }

    private DetachedSignatureWriter() {}

    /**
     * Signs and encodes.
     *
     * @param signers        one or more signers, in the order their SignerInfos appear
     * @param chain          further certificates to carry (intermediates; a root may be included but verifiers
     *                       trust only their own copy)
     * @param contentDigests the digests of the content; must hold every signer's {@link SignerAlgorithm#digest()}
     * @param signingTime    the signing-time attribute, truncated to whole seconds
     * @return the DER ContentInfo
     * @throws CastellanException CERTIFICATE_MISMATCH if a signature does not verify with its certificate's key
     */
    public static byte[] write(List<Signer> signers, List<X509Certificate> chain,
            Map<DigestAlgorithm, byte[]> contentDigests, Instant signingTime) {
        if (signers.isEmpty()) {
            throw CastellanException.invalidArgs("A signature needs at least one signer.");
        }
        Time time = new Time(Date.from(signingTime.truncatedTo(ChronoUnit.SECONDS)));
        Set<DigestAlgorithm> digestAlgorithms = new TreeSet<>();
        ASN1EncodableVector signerInfos = new ASN1EncodableVector();
        int number = 0;
        for (Signer s : signers) {
            number++;
            SignerAlgorithm algorithm = s.key().algorithm();
            byte[] digest = contentDigests.get(algorithm.digest());
            if (digest == null) {
                throw new IllegalArgumentException("no " + algorithm.digest().jcaName() + " digest of the content");
            }
            digestAlgorithms.add(algorithm.digest());
            signerInfos.add(signerInfo(number, s, algorithm, digest, time));
        }
        ASN1EncodableVector digestIds = new ASN1EncodableVector();
        digestAlgorithms.forEach(d -> digestIds.add(d.identifier()));
        SignedData signedData = new SignedData(new DERSet(digestIds),
                new ContentInfo(CMSObjectIdentifiers.data, null), certificates(signers, chain), null,
                new DERSet(signerInfos));
        return encode(new ContentInfo(CMSObjectIdentifiers.signedData, signedData));
    }

    private static SignerInfo signerInfo(int number, Signer s, SignerAlgorithm algorithm, byte[] digest, Time time) {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(time)));
        attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(digest))));
        ASN1Set signedAttributes = new DERSet(attributes);
        byte[] toBeSigned = encode(signedAttributes);
        byte[] signature = s.key().sign(toBeSigned);
        requireMatchingKey(number, s, algorithm, toBeSigned, signature);
        X509Certificate cert = s.certificate();
        IssuerAndSerialNumber sid = new IssuerAndSerialNumber(
                X500Name.getInstance(cert.getIssuerX500Principal().getEncoded()), cert.getSerialNumber());
        return new SignerInfo(new SignerIdentifier(sid), algorithm.digest().identifier(), signedAttributes,
                algorithm.signatureIdentifier(), new DEROctetString(signature), null);
    }

    private static void requireMatchingKey(int number, Signer s, SignerAlgorithm algorithm, byte[] toBeSigned,
            byte[] signature) {
        SignatureCheck.Outcome outcome = SignatureCheck
                .forIdentifier(algorithm.signatureIdentifier(), algorithm.digest())
                .map(v -> SignatureCheck.check(v, s.certificate().getPublicKey(), toBeSigned, signature))
                .orElseThrow(() -> new IllegalStateException("this JDK cannot check " + algorithm.jcaName()));
        if (outcome != SignatureCheck.Outcome.VALID) {
            throw new CastellanException(ErrorCode.CERTIFICATE_MISMATCH, "signer " + number + " ("
                    + algorithm.displayName() + "): the signature does not verify with the public key of the"
                    + " certificate " + CertificateNames.subject(s.certificate())
                    + "; the key and the certificate do not belong together");
        }
    }

    /** Signer certificates first, then the chain, each certificate once. */
    private static ASN1Set certificates(List<Signer> signers, List<X509Certificate> chain) {
        Map<String, Certificate> unique = new LinkedHashMap<>();
        List<X509Certificate> all = new ArrayList<>();
        signers.forEach(s -> all.add(s.certificate()));
        all.addAll(chain);
        for (X509Certificate c : all) {
            try {
                byte[] der = c.getEncoded();
                unique.putIfAbsent(HexFormat.of().formatHex(der), Certificate.getInstance(der));
            } catch (CertificateEncodingException e) {
                throw CastellanException.invalidArgs("A certificate does not encode: " + e.getMessage());
            }
        }
        ASN1EncodableVector v = new ASN1EncodableVector();
        unique.values().forEach(v::add);
        return new DERSet(v);
    }

    static byte[] encode(ASN1Encodable o) {
        try {
            return o.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
