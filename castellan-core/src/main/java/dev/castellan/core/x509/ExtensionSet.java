package dev.castellan.core.x509;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.Extension;

/** Ordered extensions with where each came from, for precedence and for clear conflict messages. */
final class ExtensionSet {
    private static final Map<ASN1ObjectIdentifier, String> NAMES = Map.of(
            Extension.basicConstraints, "basic constraints",
            Extension.subjectKeyIdentifier, "subject key identifier",
            Extension.authorityKeyIdentifier, "authority key identifier",
            Extension.keyUsage, "key usage",
            Extension.extendedKeyUsage, "extended key usage",
            Extension.subjectAlternativeName, "subject alternative name",
            Extension.certificatePolicies, "certificate policies",
            Extension.cRLDistributionPoints, "CRL distribution points",
            Extension.authorityInfoAccess, "authority information access",
            Extension.nameConstraints, "name constraints");

    private final Map<ASN1ObjectIdentifier, Extension> extensions = new LinkedHashMap<>();
    private final Map<ASN1ObjectIdentifier, String> sources = new HashMap<>();

    static String describe(ASN1ObjectIdentifier oid) {
        String name = NAMES.get(oid);
        return name == null ? "extension " + oid : name + " extension (" + oid + ")";
    }

    void put(Extension e, String source) {
        extensions.put(e.getExtnId(), e);
        sources.put(e.getExtnId(), source);
    }

    boolean has(ASN1ObjectIdentifier oid) {
        return extensions.containsKey(oid);
    }

    Extension get(ASN1ObjectIdentifier oid) {
        return extensions.get(oid);
    }

    String source(ASN1ObjectIdentifier oid) {
        return sources.get(oid);
    }

    Iterable<Extension> values() {
        return extensions.values();
    }
}
