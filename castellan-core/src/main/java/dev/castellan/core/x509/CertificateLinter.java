package dev.castellan.core.x509;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Checks an issued (or test-signed) certificate against the RFC 5280 rules a CA can get wrong, and returns the
 * problems found as sentences; an empty list means clean. It reports MUST-level violations (and a few AWS
 * rules), not SHOULDs, so that a clean result can gate issuance.
 *
 * <p>It reads the DER itself ({@link RawCertificate}) because the JDK refuses to parse some defects it must
 * report, such as repeated extensions. It does not verify the signature: callers may lint a TBS signed with a
 * throwaway key before the CA key signs it.
 */
public final class CertificateLinter {
    private static final int MAX_SERIAL_OCTETS = 20;
    private static final Instant UTC_TIME_END = Instant.parse("2050-01-01T00:00:00Z");
    private static final Set<ASN1ObjectIdentifier> ML_DSA = Set.of(NISTObjectIdentifiers.id_ml_dsa_44,
            NISTObjectIdentifiers.id_ml_dsa_65, NISTObjectIdentifiers.id_ml_dsa_87);

    private CertificateLinter() {}

    /** Lints {@code cert}; {@code issuerOrNullIfSelfSigned} is the issuing CA's certificate, or null for a root. */
    public static List<String> lint(X509Certificate cert, X509Certificate issuerOrNullIfSelfSigned) {
        try {
            return lint(cert.getEncoded(), issuerOrNullIfSelfSigned);
        } catch (CertificateEncodingException e) {
            return List.of("The certificate cannot be encoded: " + e.getMessage());
        }
    }

    /** Lints a DER certificate, which may carry defects the JDK cannot parse. */
    public static List<String> lint(byte[] certificateDer, X509Certificate issuerOrNullIfSelfSigned) {
        X509CertificateHolder issuer;
        try {
            issuer = issuerOrNullIfSelfSigned == null ? null : new X509CertificateHolder(issuerOrNullIfSelfSigned.getEncoded());
        } catch (IOException | CertificateEncodingException e) {
            return List.of("The issuer certificate does not parse: " + e.getMessage());
        }
        return lintDer(certificateDer, issuer);
    }

    /**
     * Lints a DER certificate against its issuer's certificate as BouncyCastle holds it (null for a root): the form
     * issuance uses, with the issuer parsed once per CA rather than once per certificate.
     */
    public static List<String> lintDer(byte[] certificateDer, X509CertificateHolder issuer) {
        RawCertificate c;
        try {
            c = RawCertificate.parse(certificateDer);
        } catch (IOException | RuntimeException e) {
            return List.of("The certificate's DER does not parse: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        run(problems, () -> envelope(c, issuer, problems));
        run(problems, () -> duplicates(c, problems));
        run(problems, () -> keyIdentifiers(c, issuer, problems));
        run(problems, () -> LintRules.caRules(c, problems));
        run(problems, () -> LintRules.extendedKeyUsage(c, problems));
        run(problems, () -> LintRules.names(c, problems));
        if (ML_DSA.contains(c.publicKey().getAlgorithm().getAlgorithm())) {
            run(problems, () -> LintRules.mlDsaKeyUsage(c, problems));
        }
        return List.copyOf(problems);
    }

    /** Runs one group of checks; an extension too broken to decode is itself a problem, not a crash. */
    private static void run(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException e) {
            problems.add("An extension does not decode: " + e.getMessage());
        }
    }

    private static void envelope(RawCertificate c, X509CertificateHolder issuer, List<String> p) {
        if (c.version() != 3) {
            p.add("The certificate is X.509 version " + c.version() + "; a certificate with extensions must be version 3.");
        }
        if (c.serial().signum() <= 0) {
            p.add("The serial number " + c.serial() + " is not positive (RFC 5280 §4.1.2.2).");
        }
        if (c.serialOctets() > MAX_SERIAL_OCTETS) {
            p.add("The serial number is " + c.serialOctets() + " octets long; at most 20 are allowed (RFC 5280 §4.1.2.2).");
        }
        if (!c.tbsSignatureAlgorithm().equals(c.signatureAlgorithm())) {
            p.add("The signature algorithm inside the TBS (" + c.tbsSignatureAlgorithm().getAlgorithm()
                    + ") differs from the certificate's signatureAlgorithm (" + c.signatureAlgorithm().getAlgorithm()
                    + ") (RFC 5280 §4.1.1.2).");
        }
        timeEncoding("Not Before", c.notBefore(), p);
        timeEncoding("Not After", c.notAfter(), p);
        Instant notBefore = DerTimes.instant(c.notBefore());
        Instant notAfter = DerTimes.instant(c.notAfter());
        if (!notAfter.isAfter(notBefore)) {
            p.add("Not After (" + notAfter + ") is not later than Not Before (" + notBefore + ").");
        }
        if (issuer == null) {
            if (!c.issuer().equals(c.subject())) {
                p.add("The certificate was linted as self-signed, but its issuer '" + c.issuer()
                        + "' differs from its subject '" + c.subject() + "'.");
            }
            return;
        }
        if (!c.issuer().equals(issuer.getSubject())) {
            p.add("The issuer name '" + c.issuer() + "' differs from the issuer certificate's subject '"
                    + issuer.getSubject() + "'.");
        }
        if (notBefore.isBefore(DerTimes.instant(issuer.toASN1Structure().getStartDate()))) {
            p.add("Not Before (" + notBefore + ") is earlier than the issuer's Not Before ("
                    + DerTimes.instant(issuer.toASN1Structure().getStartDate()) + ").");
        }
        if (notAfter.isAfter(DerTimes.instant(issuer.toASN1Structure().getEndDate()))) {
            p.add("Not After (" + notAfter + ") is later than the issuer's Not After ("
                    + DerTimes.instant(issuer.toASN1Structure().getEndDate()) + ").");
        }
    }

    /** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
    private static void timeEncoding(String which, Time t, List<String> p) {
        boolean utc = t.toASN1Primitive() instanceof ASN1UTCTime;
        boolean shouldBeUtc = DerTimes.instant(t).isBefore(UTC_TIME_END);
        if (utc != shouldBeUtc) {
            p.add(which + " is encoded as " + (utc ? "UTCTime" : "GeneralizedTime") + " but RFC 5280 §4.1.2.5 asks for "
                    + (shouldBeUtc ? "UTCTime before 2050." : "GeneralizedTime from 2050."));
        }
    }

    private static void duplicates(RawCertificate c, List<String> p) {
        Map<ASN1ObjectIdentifier, Integer> counts = new LinkedHashMap<>();
        for (Extension e : c.extensions()) {
            counts.merge(e.getExtnId(), 1, Integer::sum);
        }
        counts.forEach((oid, n) -> {
            if (n > 1) {
                p.add("The extension " + oid + " appears " + n + " times; an extension may appear at most once "
                        + "(RFC 5280 §4.2).");
            }
        });
    }

    private static void keyIdentifiers(RawCertificate c, X509CertificateHolder issuer, List<String> p) {
        Extension ski = c.first(Extension.subjectKeyIdentifier);
        byte[] ownKeyId = null;
        if (ski == null) {
            p.add("The certificate has no subject key identifier (RFC 5280 §4.2.1.2).");
        } else {
            if (ski.isCritical()) {
                p.add("The subject key identifier is critical; it must not be (RFC 5280 §4.2.1.2).");
            }
            ownKeyId = SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier();
        }
        Extension aki = c.first(Extension.authorityKeyIdentifier);
        if (aki == null) {
            if (issuer != null) {
                p.add("The certificate has no authority key identifier, which only self-signed certificates may omit "
                        + "(RFC 5280 §4.2.1.1).");
            }
            return;
        }
        if (aki.isCritical()) {
            p.add("The authority key identifier is critical; it must not be (RFC 5280 §4.2.1.1).");
        }
        var keyIdObject = AuthorityKeyIdentifier.getInstance(aki.getParsedValue()).getKeyIdentifierObject();
        byte[] keyId = keyIdObject == null ? null : keyIdObject.getOctets();
        byte[] expected = issuer == null ? ownKeyId : issuerKeyId(issuer);
        if (keyId == null) {
            p.add("The authority key identifier has no keyIdentifier field (RFC 5280 §4.2.1.1).");
        } else if (expected != null && !Arrays.equals(keyId, expected)) {
            p.add("The authority key identifier " + HexFormat.of().formatHex(keyId) + " does not match the issuer's "
                    + "subject key identifier " + HexFormat.of().formatHex(expected) + ".");
        }
    }

    /** The issuer's SKI; or, when it has none, the SHA-1 of its key, as AWS then puts in the AKI (reference §14). */
    private static byte[] issuerKeyId(X509CertificateHolder issuer) {
        Extension ski = issuer.getExtension(Extension.subjectKeyIdentifier);
        return ski != null
                ? SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier()
                : ExtensionValues.keyIdentifier(issuer.getSubjectPublicKeyInfo());
    }
}
