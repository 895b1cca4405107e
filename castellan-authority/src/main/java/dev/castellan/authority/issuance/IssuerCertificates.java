package dev.castellan.authority.issuance;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * A CA's certificate and chain, parsed once per stored version of the CA rather than on every issuance. Keyed by
 * CA id and checked against the version, so an imported renewal is picked up on the next request.
 */
final class IssuerCertificates {
    /** What issuance needs from the issuer's certificates. {@code chain} runs from the CA up to the root. */
    record Parsed(long version, X509Certificate certificate, X509CertificateHolder holder, List<X509Certificate> chain,
            byte[] subjectKeyIdentifier, boolean constrained) {}

    private final Map<UUID, Parsed> cache = new ConcurrentHashMap<>();

    Parsed of(CertificateAuthority ca) {
        Parsed hit = cache.get(ca.id());
        if (hit != null && hit.version() == ca.version()) {
            return hit;
        }
        Parsed parsed = parse(ca);
        cache.put(ca.id(), parsed);
        return parsed;
    }

    private static Parsed parse(CertificateAuthority ca) {
        try {
            X509Certificate cert = Pem.certificate(ca.certificateDer());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            if (ca.chainPem() != null) {
                for (byte[] der : Pem.decodeAll(ca.chainPem(), "CERTIFICATE")) {
                    chain.add(Pem.certificate(der));
                }
            }
            boolean constrained = chain.stream().anyMatch(c -> c.getExtensionValue(Extension.nameConstraints.getId()) != null);
            return new Parsed(ca.version(), cert, new X509CertificateHolder(ca.certificateDer()), List.copyOf(chain),
                    subjectKeyIdentifier(cert), constrained);
        } catch (IOException | GeneralSecurityException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The stored certificate of CA " + ca.id() + " does not parse.", e);
        }
    }

    private static byte[] subjectKeyIdentifier(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return ext == null ? null
                : SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getKeyIdentifier();
    }
}
