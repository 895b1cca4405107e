package dev.castellan.core.x509;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whether one name falls inside one name-constraint subtree, per name form, by RFC 5280 §4.2.1.10. Pure
 * functions; {@link NameConstraintsCheck} decides which names and subtrees to compare.
 */
final class NameMatcher {
    /** LDH labels, an optional leading wildcard label, at least two labels, the last not all digits. */
    private static final Pattern HOSTNAME = Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]*[a-z][a-z0-9-]*\\.?");

    private NameMatcher() {}

    /**
     * DNS: "example.com" covers the host and every name made by adding labels on the left (RFC 5280); a leading
     * dot, ".example.com", covers the subdomains only (the widespread reading of OpenSSL and Go, which RFC 5280
     * leaves undefined for dNSName). An empty constraint covers every name.
     */
    static boolean dns(String name, String constraint) {
        String n = normalizeHost(name);
        String c = normalizeHost(constraint);
        if (c.isEmpty()) {
            return true;
        }
        if (c.startsWith(".")) {
            return n.length() > c.length() && n.endsWith(c);
        }
        return n.equals(c) || n.endsWith("." + c);
    }

    /**
     * rfc822Name: "user@host" is that mailbox, "host" every mailbox at that host, ".host" every mailbox at any
     * subdomain of it. The local part compares exactly, the host without regard to case.
     */
    static boolean email(String address, String constraint) {
        int at = address.lastIndexOf('@');
        String local = address.substring(0, Math.max(at, 0));
        String domain = normalizeHost(address.substring(at + 1));
        int cat = constraint.lastIndexOf('@');
        if (cat >= 0) {
            return local.equals(constraint.substring(0, cat))
                    && domain.equals(normalizeHost(constraint.substring(cat + 1)));
        }
        String c = normalizeHost(constraint);
        if (c.startsWith(".")) {
            return domain.length() > c.length() && domain.endsWith(c);
        }
        return domain.equals(c);
    }

    /** URI: the constraint applies to the host; "host" is that host exactly, ".host" its subdomains. */
    static boolean uriHost(String host, String constraint) {
        String h = normalizeHost(host);
        String c = normalizeHost(constraint);
        if (c.startsWith(".")) {
            return h.length() > c.length() && h.endsWith(c);
        }
        return h.equals(c);
    }

    /** iPAddress: the constraint is address then mask (8 octets for IPv4, 32 for IPv6); families never mix. */
    static boolean ip(byte[] address, byte[] constraint) {
        if (constraint.length != 2 * address.length) {
            return false;
        }
        int n = address.length;
        for (int i = 0; i < n; i++) {
            byte mask = constraint[n + i];
            if ((address[i] & mask) != (constraint[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** directoryName: the constraint's RDNs are the first RDNs of the name, compared as RFC 5280 §7.1 asks. */
    static boolean directory(X500Name name, X500Name constraint) {
        RDN[] n = name.getRDNs();
        RDN[] c = constraint.getRDNs();
        if (c.length > n.length) {
            return false;
        }
        for (int i = 0; i < c.length; i++) {
            if (!IETFUtils.rDNAreEqual(n[i], c[i])) {
                return false;
            }
        }
        return true;
    }

    /** The host of a URI when it is a domain name; null when it has none or it is an IP literal. */
    static String hostOf(String uri) {
        try {
            String host = new URI(uri).getHost();
            if (host == null || host.startsWith("[") || host.matches("[0-9.]+")) {
                return null;
            }
            return host;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static boolean looksLikeHostname(String text) {
        return HOSTNAME.matcher(text.toLowerCase(Locale.ROOT)).matches();
    }

    /** An iPAddress constraint as text: "10.0.0.0/8", or hex when the mask is not a prefix. */
    static String describeIpConstraint(byte[] constraint) {
        int n = constraint.length / 2;
        byte[] address = Arrays.copyOf(constraint, n);
        int prefix = 0;
        boolean contiguous = true;
        for (int i = n; i < constraint.length; i++) {
            int b = constraint[i] & 0xff;
            int ones = Integer.bitCount(b);
            if (b != ((0xff << (8 - ones)) & 0xff) || (ones > 0 && prefix != (i - n) * 8)) {
                contiguous = false;
            }
            prefix += ones;
        }
        String base = ipText(address);
        return contiguous ? base + "/" + prefix : base + " mask " + HexFormat.of().formatHex(constraint, n, constraint.length);
    }

    static String ipText(byte[] address) {
        try {
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(address);
        }
    }

    private static String normalizeHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }
}
