package dev.castellan.core.cms;

import java.security.cert.X509Certificate;
import javax.security.auth.x500.X500Principal;

/** Names of certificates as messages show them: the subject in RFC 2253 form, e.g. {@code CN=Code Signer,O=Example}. */
final class CertificateNames {
    private CertificateNames() {}

    static String subject(X509Certificate c) {
        return name(c.getSubjectX500Principal());
    }

    static String issuer(X509Certificate c) {
        return name(c.getIssuerX500Principal());
    }

    static String name(X500Principal p) {
        String s = p.getName(X500Principal.RFC2253);
        return s.isEmpty() ? "(empty name)" : s;
    }
}
