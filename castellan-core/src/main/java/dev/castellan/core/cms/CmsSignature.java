package dev.castellan.core.cms;

import dev.castellan.core.CastellanException;
import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * A parsed CMS SignedData (RFC 5652 §5), detached or with its content inside: its signers, the certificates it
 * carries (decoded by the JDK, the decoder PKIX validation uses) and the digest algorithms its content must be
 * hashed with. BouncyCastle does the parsing; nothing here judges the signatures.
 */
public final class CmsSignature {
    private final CMSSignedData signedData;
    private final List<X509Certificate> certificates;

    private CmsSignature(CMSSignedData signedData, List<X509Certificate> certificates) {
        this.signedData = signedData;
        this.certificates = certificates;
    }

    /**
     * Parses a ContentInfo holding a SignedData, as DER or as PEM ({@code CMS} or {@code PKCS7} blocks).
     *
     * @throws CastellanException INVALID_ARGS, with the reason in one line, if it is anything else or damaged
     */
    public static CmsSignature parse(byte[] encoded) {
        byte[] der = isPem(encoded) ? pemBody(encoded) : encoded;
        CMSSignedData signed;
        try {
            ContentInfo info = ContentInfo.getInstance(der);
            if (info == null || !CMSObjectIdentifiers.signedData.equals(info.getContentType())) {
                throw notSignedData("its content type is " + (info == null ? "missing" : info.getContentType()));
            }
            signed = new CMSSignedData(info);
        } catch (CMSException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw notSignedData(String.valueOf(e.getMessage()));
        }
        List<X509Certificate> certs = new ArrayList<>();
        int n = 0;
        for (X509CertificateHolder holder : signed.getCertificates().getMatches(null)) {
            n++;
            try {
                certs.add(Pem.certificate(holder.getEncoded()));
            } catch (CertificateException | IOException | IllegalArgumentException e) {
                throw CastellanException.invalidArgs("certificate " + n + " carried in the signature is damaged: "
                        + e.getMessage());
            }
        }
        return new CmsSignature(signed, Collections.unmodifiableList(certs));
    }

    /** The certificates carried in the signature, in their order there. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The eContentType the signers signed: id-data for code signatures. */
    public ASN1ObjectIdentifier contentType() {
        return signedData.getSignedContentTypeOID() == null ? CMSObjectIdentifiers.data
                : new ASN1ObjectIdentifier(signedData.getSignedContentTypeOID());
    }

    /** The content, if it is inside the SignedData rather than detached. */
    public Optional<byte[]> encapsulatedContent() {
        if (signedData.getSignedContent() == null || signedData.getSignedContent().getContent() == null) {
            return Optional.empty();
        }
        return Optional.of((byte[]) signedData.getSignedContent().getContent());
    }

    /** The digests the content must be hashed with to check every signer Castellan can check. */
    public Set<DigestAlgorithm> digestAlgorithms() {
        Set<DigestAlgorithm> out = EnumSet.noneOf(DigestAlgorithm.class);
        for (SignerInformation s : signers()) {
            DigestAlgorithm.of(s.getDigestAlgorithmID()).ifPresent(out::add);
        }
        return out;
    }

    /** How many signers there are. */
    public int signerCount() {
        return signers().size();
    }

    List<SignerInformation> signers() {
        return List.copyOf(signedData.getSignerInfos().getSigners());
    }

    private static CastellanException notSignedData(String why) {
        return CastellanException.invalidArgs("the signature is not a valid CMS SignedData: " + why);
    }

    private static boolean isPem(byte[] b) {
        String head = new String(b, 0, Math.min(b.length, 64), StandardCharsets.US_ASCII);
        return head.stripLeading().startsWith("-----BEGIN ");
    }

    private static byte[] pemBody(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        String type = text.contains("-----BEGIN PKCS7-----") ? "PKCS7" : "CMS";
        try {
            List<byte[]> blocks = Pem.decodeAll(text, type);
            if (blocks.size() != 1) {
                throw notSignedData("expected one PEM " + type + " block, found " + blocks.size());
            }
            return blocks.getFirst();
        } catch (IOException e) {
            throw notSignedData(e.getMessage());
        }
    }
}
