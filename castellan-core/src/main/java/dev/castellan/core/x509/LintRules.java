package dev.castellan.core.x509;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/** The extension rules of {@link CertificateLinter}: CA-ness, key purposes, names, and ML-DSA key usage. */
final class LintRules {
    /**
     * RFC 5280 §4.2.1.12: the key usages each purpose is consistent with. A purpose whose usages the KU
     * extension lacks cannot be used at all.
     */
    private static final Map<KeyPurposeId, Integer> PURPOSE_USAGES = Map.of(
            KeyPurposeId.id_kp_serverAuth, KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement,
            KeyPurposeId.id_kp_clientAuth, KeyUsage.digitalSignature | KeyUsage.keyAgreement,
            KeyPurposeId.id_kp_codeSigning, KeyUsage.digitalSignature,
            KeyPurposeId.id_kp_emailProtection, KeyUsage.digitalSignature | KeyUsage.nonRepudiation
                    | KeyUsage.keyEncipherment | KeyUsage.keyAgreement,
            KeyPurposeId.id_kp_timeStamping, KeyUsage.digitalSignature | KeyUsage.nonRepudiation,
            KeyPurposeId.id_kp_OCSPSigning, KeyUsage.digitalSignature | KeyUsage.nonRepudiation);
    private static final int ML_DSA_ALLOWED = KeyUsage.digitalSignature | KeyUsage.nonRepudiation
            | KeyUsage.keyCertSign | KeyUsage.cRLSign;
    private static final int MAX_COMMON_NAME = 64;

    private LintRules() {}

    static void caRules(RawCertificate c, List<String> p) {
        Extension bcExt = c.first(Extension.basicConstraints);
        BasicConstraints bc = bcExt == null ? null : BasicConstraints.getInstance(bcExt.getParsedValue());
        boolean ca = bc != null && bc.isCA();
        if (bc != null && !ca && bc.getPathLenConstraint() != null) {
            p.add("Basic constraints set a pathLenConstraint without cA (RFC 5280 §4.2.1.9).");
        }
        if (ca && !bcExt.isCritical()) {
            p.add("A CA certificate's basic constraints must be critical (RFC 5280 §4.2.1.9).");
        }
        int ku = keyUsageBits(c);
        if (ku == 0 && c.first(Extension.keyUsage) != null) {
            p.add("The key usage extension sets no usage (RFC 5280 §4.2.1.3).");
        }
        if ((ku & KeyUsage.keyCertSign) != 0 && !ca) {
            p.add("Key usage keyCertSign is set but basic constraints do not make the certificate a CA "
                    + "(RFC 5280 §4.2.1.3).");
        }
        if (ca && (ku & KeyUsage.keyCertSign) == 0) {
            p.add("A CA certificate must have key usage keyCertSign (RFC 5280 §4.2.1.3).");
        }
        Extension nc = c.first(Extension.nameConstraints);
        if (nc != null && !ca) {
            p.add("Name constraints appear in a certificate that is not a CA (RFC 5280 §4.2.1.10).");
        }
        if (nc != null && !nc.isCritical()) {
            p.add("Name constraints must be critical (RFC 5280 §4.2.1.10).");
        }
        Extension aia = c.first(Extension.authorityInfoAccess);
        if (aia != null && aia.isCritical()) {
            p.add("Authority information access must not be critical (RFC 5280 §4.2.2.1).");
        }
    }

    static void extendedKeyUsage(RawCertificate c, List<String> p) {
        Extension e = c.first(Extension.extendedKeyUsage);
        if (e == null) {
            return;
        }
        ASN1Sequence purposes = ASN1Sequence.getInstance(e.getParsedValue());
        if (purposes.size() == 0) {
            p.add("Extended key usage lists no purpose (RFC 5280 §4.2.1.12).");
        }
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        int ku = keyUsageBits(c);
        boolean hasKu = c.first(Extension.keyUsage) != null;
        for (ASN1Encodable o : purposes) {
            KeyPurposeId purpose = KeyPurposeId.getInstance(o);
            if (!seen.add(purpose.toOID())) {
                p.add("Extended key usage lists " + purpose.getId() + " more than once.");
            }
            if (purpose.equals(KeyPurposeId.anyExtendedKeyUsage) && e.isCritical()) {
                p.add("Extended key usage is critical but lists anyExtendedKeyUsage, which then restricts nothing "
                        + "(RFC 5280 §4.2.1.12).");
            }
            Integer needs = PURPOSE_USAGES.get(purpose);
            if (hasKu && needs != null && (ku & needs) == 0) {
                p.add("Extended key usage " + purpose.getId() + " is inconsistent with the key usage, which has none "
                        + "of the usages it needs (RFC 5280 §4.2.1.12).");
            }
        }
    }

    static void names(RawCertificate c, List<String> p) {
        Extension san = c.first(Extension.subjectAlternativeName);
        if (san != null && GeneralNames.getInstance(san.getParsedValue()).getNames().length == 0) {
            p.add("The subject alternative name extension lists no names (RFC 5280 §4.2.1.6).");
        }
        if (c.subject().getRDNs().length == 0) {
            if (san == null) {
                p.add("The subject is empty and there is no subject alternative name (RFC 5280 §4.1.2.6).");
            } else if (!san.isCritical()) {
                p.add("The subject is empty, so the subject alternative name must be critical (RFC 5280 §4.2.1.6).");
            }
        }
        for (RDN rdn : c.subject().getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN) && atv.getValue() instanceof ASN1String s
                        && s.getString().length() > MAX_COMMON_NAME) {
                    p.add("The common name is longer than 64 characters (RFC 5280 ub-common-name).");
                }
            }
        }
    }

    /** RFC 9881 §5: an ML-DSA key signs only; its key usage needs a signing bit and no encipherment bit. */
    static void mlDsaKeyUsage(RawCertificate c, List<String> p) {
        if (c.first(Extension.keyUsage) == null) {
            return;
        }
        int ku = keyUsageBits(c);
        if ((ku & ML_DSA_ALLOWED) == 0) {
            p.add("An ML-DSA key's key usage must include digitalSignature, nonRepudiation, keyCertSign or cRLSign "
                    + "(RFC 9881 §5).");
        }
        if ((ku & ~ML_DSA_ALLOWED) != 0) {
            p.add("An ML-DSA key's key usage may not include keyEncipherment, dataEncipherment, keyAgreement, "
                    + "encipherOnly or decipherOnly (RFC 9881 §5).");
        }
    }

    /** The key usage as BouncyCastle {@link KeyUsage} bit flags; 0 when absent. */
    static int keyUsageBits(RawCertificate c) {
        Extension e = c.first(Extension.keyUsage);
        return e == null ? 0 : ASN1BitString.getInstance(e.getParsedValue()).intValue();
    }
}
