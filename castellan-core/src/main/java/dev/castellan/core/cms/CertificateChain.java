package dev.castellan.core.cms;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Finds the path from a signer certificate to a trusted root and has the JDK's PKIX validator (RFC 5280 §6, with
 * ML-DSA since JDK 24) judge it at a given time, turning its verdict into one sentence that names the certificate
 * at fault.
 *
 * <p>The path is built here rather than by {@code CertPathBuilder} because the builder answers every failure with
 * "unable to find valid certification path": building by name and key identifier first lets a missing or wrong
 * root be told apart from a broken signature, which the validator then reports with the index of the certificate.
 * Revocation is not checked: verification is offline.
 */
final class CertificateChain {
    private static final int MAX_LENGTH = 10;

    private CertificateChain() {}

    /**
     * The path from {@code leaf} to a trust anchor, leaf first and the anchor last, valid at {@code at}.
     *
     * @throws Refusal naming what is wrong
     */
    static List<X509Certificate> validate(X509Certificate leaf, List<X509Certificate> pool,
            List<X509Certificate> anchors, Instant at) {
        List<X509Certificate> path = new ArrayList<>();
        X509Certificate anchor = null;
        X509Certificate current = leaf;
        while (anchor == null) {
            if (anchors.contains(current)) {
                anchor = current;
                break;
            }
            path.add(current);
            X509Certificate c = current;
            anchor = anchors.stream().filter(a -> issuedBy(c, a)).findFirst().orElse(null);
            if (anchor != null) {
                break;
            }
            X509Certificate next = pool.stream().filter(p -> issuedBy(c, p) && !path.contains(p)).findFirst()
                    .orElse(null);
            if (next == null) {
                throw new Refusal(noRoot(current, anchors));
            }
            if (path.size() >= MAX_LENGTH) {
                throw new Refusal("certificate chain: longer than " + MAX_LENGTH + " certificates");
            }
            current = next;
        }
        requireValid(anchor, at, "trusted root ");
        requireIntactSelfSignature(anchor);
        if (!path.isEmpty()) {
            pkix(path, anchor, at);
        }
        List<X509Certificate> out = new ArrayList<>(path);
        out.add(anchor);
        return out;
    }

    /** Whether {@code parent}'s name and key identifier make it the issuer of {@code child}. */
    static boolean issuedBy(X509Certificate child, X509Certificate parent) {
        if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
            return false;
        }
        byte[] aki = keyIdentifier(child.getExtensionValue(Extension.authorityKeyIdentifier.getId()), true);
        byte[] ski = keyIdentifier(parent.getExtensionValue(Extension.subjectKeyIdentifier.getId()), false);
        return aki == null || ski == null || Arrays.equals(aki, ski);
    }

    /** Refuses a certificate outside its validity at {@code at}, e.g. an expired trust anchor PKIX does not check. */
    static void requireValid(X509Certificate c, Instant at, String role) {
        if (at.isBefore(c.getNotBefore().toInstant())) {
            throw new Refusal(role + "certificate " + CertificateNames.subject(c) + " is not valid until "
                    + c.getNotBefore().toInstant() + ", after " + at);
        }
        if (at.isAfter(c.getNotAfter().toInstant())) {
            throw new Refusal(role + "certificate " + CertificateNames.subject(c) + " expired at "
                    + c.getNotAfter().toInstant() + ", before " + at);
        }
    }

    /**
     * PKIX trusts an anchor without looking at its signature; a self-signed root whose own signature fails is a
     * damaged trust file, better refused than trusted. The only check on a signer that is itself the trusted root.
     */
    private static void requireIntactSelfSignature(X509Certificate anchor) {
        if (!anchor.getIssuerX500Principal().equals(anchor.getSubjectX500Principal())) {
            return;
        }
        try {
            anchor.verify(anchor.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new Refusal("trusted root " + CertificateNames.subject(anchor) + ": its self-signature does not"
                    + " verify; the trust file is damaged");
        }
    }

    private static void pkix(List<X509Certificate> path, X509Certificate anchor, Instant at) {
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
        } catch (CertPathValidatorException e) {
            throw new Refusal(explain(e, path, anchor, at));
        } catch (GeneralSecurityException e) {
            throw new Refusal("certificate chain: cannot be validated here: " + e.getMessage());
        }
    }

    private static String explain(CertPathValidatorException e, List<X509Certificate> path, X509Certificate anchor,
            Instant at) {
        int i = e.getIndex();
        if (i < 0 || i >= path.size()) {
            return "certificate chain does not validate: " + e.getMessage();
        }
        X509Certificate c = path.get(i);
        X509Certificate issuer = i + 1 < path.size() ? path.get(i + 1) : anchor;
        String name = CertificateNames.subject(c);
        String issuerName = CertificateNames.subject(issuer) + (issuer == anchor ? " (trusted root)" : "");
        if (e.getReason() instanceof BasicReason r) {
            switch (r) {
                case INVALID_SIGNATURE:
                    return "certificate chain: the signature on " + name + " does not verify with the key of its"
                            + " issuer " + issuerName;
                case EXPIRED:
                    return "certificate chain: " + name + " expired at " + c.getNotAfter().toInstant() + ", before "
                            + at;
                case NOT_YET_VALID:
                    return "certificate chain: " + name + " is not valid until " + c.getNotBefore().toInstant()
                            + ", after " + at;
                case ALGORITHM_CONSTRAINED:
                    return "certificate chain: " + name + " uses an algorithm or key size this JDK no longer accepts";
                default:
                    break;
            }
        } else if (e.getReason() instanceof PKIXReason r) {
            switch (r) {
                case NOT_CA_CERT:
                    return "certificate chain: " + issuerName + " issued " + name + " but is not a CA certificate";
                case PATH_TOO_LONG:
                    return "certificate chain: " + name + " exceeds the path length constraint of a CA above it";
                case INVALID_KEY_USAGE:
                    return "certificate chain: the key usage of " + issuerName + " does not allow signing certificates";
                case INVALID_NAME:
                    return "certificate chain: " + name + " violates the name constraints of a CA above it";
                case UNRECOGNIZED_CRIT_EXT:
                    return "certificate chain: " + name + " has a critical extension the validator does not know";
                case NO_TRUST_ANCHOR:
                    return "certificate chain: " + name + " does not chain to a trusted root";
                default:
                    break;
            }
        }
        return "certificate chain: " + name + " is refused: " + e.getMessage();
    }

    private static String noRoot(X509Certificate last, List<X509Certificate> anchors) {
        String trusted = String.join("; ", anchors.stream().map(CertificateNames::subject).toList());
        if (last.getIssuerX500Principal().equals(last.getSubjectX500Principal())) {
            return "certificate chain: it ends at the self-signed " + CertificateNames.subject(last)
                    + ", which is not a trusted root (trusted: " + trusted + ")";
        }
        return "certificate chain: " + CertificateNames.subject(last) + " was issued by "
                + CertificateNames.issuer(last) + ", which is neither a trusted root (trusted: " + trusted
                + ") nor carried in the signature";
    }

    /** The key identifier inside an AKI or SKI extension value, or null. */
    private static byte[] keyIdentifier(byte[] extensionValue, boolean authority) {
        if (extensionValue == null) {
            return null;
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(extensionValue).getOctets();
            return authority ? AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier()
                    : ASN1OctetString.getInstance(inner).getOctets();
        } catch (IllegalArgumentException e) {
            return null; // a malformed identifier decides nothing; the validator judges the signature anyway
        }
    }
}
