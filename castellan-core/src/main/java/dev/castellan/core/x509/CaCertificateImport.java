package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.CaType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether a certificate (and its chain) may be installed as a CA's certificate, by the rules AWS
 * Private CA applies to ImportCertificateAuthorityCertificate.
 *
 * <p>Order matters for the error a user sees: first whether the input parses, then whether the certificate is
 * for this CA at all (key and subject), then its extensions, then the chain. Signatures, validity, path lengths
 * and name constraints are judged by the JDK's own PKIX validator, independent of BouncyCastle.
 */
public final class CaCertificateImport {
    /** Extensions AWS allows to be critical in imported CA certificates; any other critical one is refused. */
    private static final Set<String> ALLOWED_CRITICAL = Set.of(
            "2.5.29.35", // authority key identifier
            "2.5.29.19", // basic constraints
            "2.5.29.32", // certificate policies
            "2.5.29.37", // extended key usage
            "2.5.29.54", // inhibit anyPolicy
            "2.5.29.18", // issuer alternative name
            "2.5.29.15", // key usage
            "2.5.29.30", // name constraints
            "2.5.29.33", // policy mappings
            "2.5.29.17", // subject alternative name
            "2.5.29.9", // subject directory attributes
            "2.5.29.14", // subject key identifier
            "1.3.6.1.5.5.7.1.11"); // subject information access

    /** The parsed result: the CA certificate and its chain, nearest issuer first, root last. */
    public record Accepted(X509Certificate certificate, List<X509Certificate> chain) {}

    private CaCertificateImport() {}

    public static Accepted check(
            byte[] certificatePem, byte[] chainPem, PublicKey caKey, X500Principal caSubject, CaType type, Instant now) {
        X509Certificate cert = single(certificatePem);
        List<X509Certificate> chain = chainPem == null || chainPem.length == 0 ? List.of() : all(chainPem);

        if (!Arrays.equals(cert.getPublicKey().getEncoded(), caKey.getEncoded())) {
            throw mismatch("The certificate's public key is not the key of this certificate authority.");
        }
        if (!cert.getSubjectX500Principal().equals(caSubject)) {
            throw mismatch("The certificate's subject '" + cert.getSubjectX500Principal().getName()
                    + "' differs from the subject of the CA's CSR '" + caSubject.getName() + "'.");
        }
        checkExtensions(cert, "The certificate");
        if (cert.getBasicConstraints() < 0 || !cert.getCriticalExtensionOIDs().contains("2.5.29.19")) {
            throw malformed("A CA certificate must carry a critical basic constraints extension with CA:TRUE.");
        }
        for (int i = 0; i < chain.size(); i++) {
            checkExtensions(chain.get(i), "Certificate " + (i + 1) + " of the chain");
        }

        boolean selfSigned = selfSigned(cert);
        if (type == CaType.ROOT) {
            if (!selfSigned) {
                throw mismatch("A root CA accepts only a self-signed certificate.");
            }
            if (!chain.isEmpty()) {
                throw new CastellanException(ErrorCode.INVALID_REQUEST,
                        "A root CA certificate is imported without a certificate chain.");
            }
            validate(cert, List.of(), cert, now);
        } else {
            if (selfSigned) {
                throw mismatch("A self-signed certificate cannot be imported for a subordinate CA.");
            }
            if (chain.isEmpty()) {
                throw new CastellanException(ErrorCode.INVALID_REQUEST,
                        "A subordinate CA certificate needs its certificate chain, ending with the root.");
            }
            for (X509Certificate c : chain) {
                if (c.equals(cert)) {
                    throw malformed("The certificate chain must not contain the certificate being imported.");
                }
            }
            X509Certificate root = chain.getLast();
            if (!selfSigned(root)) {
                throw mismatch("The last certificate of the chain must be a self-signed root.");
            }
            validate(cert, chain.subList(0, chain.size() - 1), root, now);
        }
        return new Accepted(cert, List.copyOf(chain));
    }

    private static void validate(X509Certificate leaf, List<X509Certificate> intermediates, X509Certificate root, Instant now) {
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(leaf);
            path.addAll(intermediates);
            if (leaf == root) {
                checkValidity(root, now);
                return;
            }
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(f.generateCertPath(path), params);
            checkValidity(root, now);
        } catch (CertPathValidatorException e) {
            throw mismatch("The certificate chain does not verify: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw mismatch("The certificate chain could not be validated: " + e.getMessage());
        }
    }

    private static void checkValidity(X509Certificate c, Instant now) {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateException e) {
            throw mismatch("The certificate " + c.getSubjectX500Principal().getName() + " is not valid now: "
                    + e.getMessage());
        }
    }

    private static void checkExtensions(X509Certificate c, String which) {
        Set<String> critical = c.getCriticalExtensionOIDs();
        if (critical == null) {
            return;
        }
        for (String oid : critical) {
            if (!ALLOWED_CRITICAL.contains(oid)) {
                throw malformed(which + " carries extension " + oid
                        + " marked critical, which a CA certificate may not (allowed critical: basic constraints, "
                        + "key usage, name constraints, policies, SAN, SKI/AKI, ...).");
            }
        }
    }

    static boolean selfSigned(X509Certificate c) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return false;
        }
        try {
            c.verify(c.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate single(byte[] pem) {
        List<X509Certificate> certs = all(pem);
        if (certs.size() != 1) {
            throw malformed("The Certificate must hold exactly one PEM certificate; found " + certs.size() + ".");
        }
        return certs.getFirst();
    }

    private static List<X509Certificate> all(byte[] pem) {
        try {
            List<byte[]> ders = Pem.decodeAll(new String(pem, StandardCharsets.UTF_8), "CERTIFICATE");
            List<X509Certificate> out = new ArrayList<>();
            for (byte[] der : ders) {
                out.add(Pem.certificate(der));
            }
            if (out.isEmpty()) {
                throw malformed("No PEM certificate was found; certificates must be PEM encoded.");
            }
            return out;
        } catch (IOException | CertificateException | RuntimeException e) {
            if (e instanceof CastellanException ce) {
                throw ce;
            }
            throw malformed("The certificate could not be parsed as PEM X.509: " + e.getMessage());
        }
    }

    private static CastellanException mismatch(String message) {
        return new CastellanException(ErrorCode.CERTIFICATE_MISMATCH, message);
    }

    private static CastellanException malformed(String message) {
        return new CastellanException(ErrorCode.MALFORMED_CERTIFICATE, message);
    }
}
