package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * Enforces, at issuance, the name constraints of every CA certificate in the issuing chain on the subject DN and
 * subject alternative names of the certificate being issued (AWS enforces "name constraints (subject DN and
 * SANs)", reference §14).
 *
 * <p>Design notes (RFC 5280 §4.2.1.10, §6.1.3 (b)–(c)):
 * <ul>
 *   <li>Each CA's constraints apply on their own: a name must lie inside some permitted subtree of its form in
 *       every CA that has permitted subtrees of that form, and inside no excluded subtree of any CA. Forms a CA
 *       does not constrain are free.
 *   <li>Checked forms: dNSName, rfc822Name (SANs and the subject's emailAddress attributes, as §4.2.1.10 asks),
 *       iPAddress with its mask, directoryName (the subject DN and directoryName SANs), and the host of URIs.
 *       Any other form (otherName, registeredID, ...) a CA constrains cannot be judged, so a request carrying
 *       such a name is refused rather than let through.
 *   <li>The subject's common name is also checked as a DNS name when it looks like a host name. RFC 5280 does
 *       not ask for this, but legacy TLS clients still read host names from the CN, and modern validators
 *       (Go, BoringSSL) apply DNS constraints to it; checking it closes the bypass of putting a forbidden host
 *       in the CN.
 *   <li>This is our own matcher, not BouncyCastle's {@code PKIXNameConstraintValidator} or cert-path reviewer
 *       (whose failure to constrain leaves before 1.86 was CVE-2026-71889), so the rules above are explicit and
 *       the error names the constraint and the CA.
 * </ul>
 */
public final class NameConstraintsCheck {
    private NameConstraintsCheck() {}

    /** One name of the request, in the form a constraint compares against, and how to name it in an error. */
    private record Name(int form, String label, Object value) {}

    /**
     * Throws {@link ErrorCode#INVALID_REQUEST} naming the first name that breaks a constraint of a CA in
     * {@code issuerChain} (issuing CA first, root last).
     */
    public static void check(X500Name subject, GeneralNames subjectAltNames, List<X509Certificate> issuerChain) {
        List<Name> names = namesOf(subject, subjectAltNames);
        for (X509Certificate ca : issuerChain) {
            NameConstraints nc = nameConstraintsOf(ca);
            if (nc == null) {
                continue;
            }
            String caName = ca.getSubjectX500Principal().getName();
            Map<Integer, List<GeneralName>> permitted = byForm(nc.getPermittedSubtrees());
            Map<Integer, List<GeneralName>> excluded = byForm(nc.getExcludedSubtrees());
            for (Name n : names) {
                checkOne(n, caName, permitted.getOrDefault(n.form(), List.of()), excluded.getOrDefault(n.form(), List.of()));
            }
        }
    }

    private static void checkOne(Name n, String caName, List<GeneralName> permitted, List<GeneralName> excluded) {
        if (permitted.isEmpty() && excluded.isEmpty()) {
            return;
        }
        if (!checkable(n)) {
            throw violation(n.label() + " cannot be checked against the name constraints of " + caName
                    + ", which constrain names of this form.");
        }
        for (GeneralName base : excluded) {
            if (matches(n, base)) {
                throw violation(n.label() + " is excluded by the name constraints of " + caName
                        + " (excluded: " + describe(base) + ")");
            }
        }
        if (!permitted.isEmpty() && permitted.stream().noneMatch(base -> matches(n, base))) {
            throw violation(n.label() + " is not permitted by the name constraints of " + caName + " (permitted: "
                    + permitted.stream().map(NameConstraintsCheck::describe).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static boolean checkable(Name n) {
        return switch (n.form()) {
            case GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.iPAddress, GeneralName.directoryName -> true;
            case GeneralName.uniformResourceIdentifier -> NameMatcher.hostOf((String) n.value()) != null;
            default -> false;
        };
    }

    private static boolean matches(Name n, GeneralName base) {
        return switch (n.form()) {
            case GeneralName.dNSName -> NameMatcher.dns((String) n.value(), text(base));
            case GeneralName.rfc822Name -> NameMatcher.email((String) n.value(), text(base));
            case GeneralName.uniformResourceIdentifier ->
                    NameMatcher.uriHost(NameMatcher.hostOf((String) n.value()), text(base));
            case GeneralName.iPAddress ->
                    NameMatcher.ip((byte[]) n.value(), ASN1OctetString.getInstance(base.getName()).getOctets());
            case GeneralName.directoryName ->
                    NameMatcher.directory((X500Name) n.value(), X500Name.getInstance(base.getName()));
            default -> false;
        };
    }

    private static List<Name> namesOf(X500Name subject, GeneralNames sans) {
        List<Name> out = new ArrayList<>();
        if (subject.getRDNs().length > 0) {
            out.add(new Name(GeneralName.directoryName, "Subject " + subject, subject));
        }
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!(atv.getValue() instanceof ASN1String s)) {
                    continue;
                }
                if (atv.getType().equals(BCStyle.EmailAddress)) {
                    out.add(new Name(GeneralName.rfc822Name, "Email address " + s.getString() + " (subject)", s.getString()));
                } else if (atv.getType().equals(BCStyle.CN) && NameMatcher.looksLikeHostname(s.getString())) {
                    out.add(new Name(GeneralName.dNSName, "Common name " + s.getString() + " (checked as a DNS name)",
                            s.getString()));
                }
            }
        }
        if (sans == null) {
            return out;
        }
        for (GeneralName g : sans.getNames()) {
            out.add(switch (g.getTagNo()) {
                case GeneralName.dNSName -> new Name(g.getTagNo(), "DNS name " + text(g), text(g));
                case GeneralName.rfc822Name -> new Name(g.getTagNo(), "Email address " + text(g), text(g));
                case GeneralName.uniformResourceIdentifier -> new Name(g.getTagNo(), "URI " + text(g), text(g));
                case GeneralName.iPAddress -> {
                    byte[] ip = ASN1OctetString.getInstance(g.getName()).getOctets();
                    yield new Name(g.getTagNo(), "IP address " + NameMatcher.ipText(ip), ip);
                }
                case GeneralName.directoryName -> {
                    X500Name dn = X500Name.getInstance(g.getName());
                    yield new Name(g.getTagNo(), "Directory name " + dn, dn);
                }
                default -> new Name(g.getTagNo(), "Subject alternative name " + g, g);
            });
        }
        return out;
    }

    private static NameConstraints nameConstraintsOf(X509Certificate ca) {
        byte[] value = ca.getExtensionValue(Extension.nameConstraints.getId());
        if (value == null) {
            return null;
        }
        try {
            return NameConstraints.getInstance(ASN1OctetString.getInstance(value).getOctets());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The name constraints of "
                    + ca.getSubjectX500Principal().getName() + " do not parse.", e);
        }
    }

    private static Map<Integer, List<GeneralName>> byForm(GeneralSubtree[] subtrees) {
        Map<Integer, List<GeneralName>> out = new HashMap<>();
        if (subtrees != null) {
            for (GeneralSubtree s : subtrees) {
                out.computeIfAbsent(s.getBase().getTagNo(), k -> new ArrayList<>()).add(s.getBase());
            }
        }
        return out;
    }

    private static String describe(GeneralName base) {
        return switch (base.getTagNo()) {
            case GeneralName.dNSName, GeneralName.rfc822Name, GeneralName.uniformResourceIdentifier -> text(base);
            case GeneralName.iPAddress ->
                    NameMatcher.describeIpConstraint(ASN1OctetString.getInstance(base.getName()).getOctets());
            case GeneralName.directoryName -> X500Name.getInstance(base.getName()).toString();
            default -> base.toString();
        };
    }

    private static String text(GeneralName g) {
        return ((ASN1String) g.getName()).getString();
    }

    private static CastellanException violation(String message) {
        return new CastellanException(ErrorCode.INVALID_REQUEST, message);
    }
}
