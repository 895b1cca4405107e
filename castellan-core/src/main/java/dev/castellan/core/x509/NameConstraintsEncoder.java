package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;

/**
 * Encodes a DNS-only NameConstraints extension value (RFC 5280 §4.2.1.10), the DER an AWS ApiPassthrough
 * {@code CustomExtension} with OID 2.5.29.30 carries (base64) to constrain a subordinate CA.
 */
public final class NameConstraintsEncoder {
    /** LDH labels of 1..63 characters, with an optional leading dot meaning "subdomains only". */
    private static final Pattern DNS_CONSTRAINT =
            Pattern.compile("\\.?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");

    private NameConstraintsEncoder() {}

    /** The DER of NameConstraints with the given permitted and excluded dNSName subtrees; either list may be empty. */
    public static byte[] encode(List<String> permittedDns, List<String> excludedDns) {
        GeneralSubtree[] permitted = subtrees(permittedDns == null ? List.of() : permittedDns);
        GeneralSubtree[] excluded = subtrees(excludedDns == null ? List.of() : excludedDns);
        if (permitted.length == 0 && excluded.length == 0) {
            // §4.2.1.10: conforming CAs MUST NOT issue an empty NameConstraints.
            throw CastellanException.invalidArgs("Name constraints need at least one permitted or excluded DNS name.");
        }
        NameConstraints nc = new NameConstraints(permitted.length == 0 ? null : permitted,
                excluded.length == 0 ? null : excluded);
        try {
            return nc.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GeneralSubtree[] subtrees(List<String> names) {
        GeneralSubtree[] out = new GeneralSubtree[names.size()];
        for (int i = 0; i < out.length; i++) {
            String name = names.get(i);
            if (name == null || name.length() > 253 || !DNS_CONSTRAINT.matcher(name).matches()) {
                throw CastellanException.invalidArgs("'" + name + "' is not a DNS name constraint "
                        + "(a host name such as example.com, or .example.com for its subdomains only).");
            }
            out[i] = new GeneralSubtree(new GeneralName(GeneralName.dNSName, name));
        }
        return out;
    }
}
