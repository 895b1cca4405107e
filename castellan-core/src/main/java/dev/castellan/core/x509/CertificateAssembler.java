package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.CustomExtensionSpec;
import dev.castellan.core.model.ExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.Subject;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;

/**
 * Builds the to-be-signed certificate of one issuance from a CSR, a {@link CertificateTemplate}, an optional API
 * passthrough and the CA's configuration, by AWS Private CA's order of operations. It signs nothing and reads no
 * clock: the caller signs the returned builder, after linting.
 *
 * <p>Design notes (AWS reference §4.3; RFC 5280 §4.2):
 * <ul>
 *   <li>Precedence per extension is template &gt; API passthrough &gt; CSR passthrough. Extensions are collected
 *       into one map in that order; CSR-derived ones come last and only fill gaps, so "already set" always means
 *       "set by a stronger source".
 *   <li>A source the template does not honour is ignored, not rejected: AWS silently ignores an ApiPassthrough
 *       given with a non-API template, and a CSR's extensions with a non-CSR template.
 *   <li>Subject and SAN come from the CSR for every template; an honoured API Subject or SubjectAlternativeNames
 *       replaces them.
 *   <li>Custom extensions are caller-supplied DER. They may fill gaps (and so beat the CSR) but may not duplicate
 *       what the template, another API field or the CA configuration set, nor set basic constraints or key
 *       identifiers, which define the chain and are always ours to compute.
 *   <li>The CSR's basic constraints, SKI and AKI are never copied, for the same reason.
 * </ul>
 */
public final class CertificateAssembler {
    private static final Set<ASN1ObjectIdentifier> OURS_ONLY =
            Set.of(Extension.basicConstraints, Extension.subjectKeyIdentifier, Extension.authorityKeyIdentifier);
    /** RFC 5280 ub-common-name; AWS enforces it on IssueCertificate. */
    private static final int MAX_COMMON_NAME = 64;
    private static final ExtensionsSpec NO_EXTENSIONS = new ExtensionsSpec(null, null, null, null, null);
    private static final Set<ASN1ObjectIdentifier> ML_DSA = Set.of(NISTObjectIdentifiers.id_ml_dsa_44,
            NISTObjectIdentifiers.id_ml_dsa_65, NISTObjectIdentifiers.id_ml_dsa_87);
    /** Usages RFC 9881 §5 forbids for ML-DSA keys; end-entity templates' keyEncipherment is dropped for them. */
    private static final int NOT_FOR_ML_DSA = KeyUsage.keyEncipherment | KeyUsage.dataEncipherment
            | KeyUsage.keyAgreement | KeyUsage.encipherOnly | KeyUsage.decipherOnly;

    private CertificateAssembler() {}

    public static X509v3CertificateBuilder assemble(IssuanceInput in) {
        CertificateTemplate template = in.template();
        SubjectPublicKeyInfo spki = in.csr().getSubjectPublicKeyInfo();

        // 1. The envelope. DER times have whole seconds; GeneralizedTime must not carry fractions (§4.1.2.5.2).
        new Serial(in.serial()); // validates: positive, at most 20 octets (§4.1.2.2)
        Instant notBefore = in.notBefore().truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = in.notAfter().truncatedTo(ChronoUnit.SECONDS);
        if (!notAfter.isAfter(notBefore)) {
            throw CastellanException.invalidArgs("The certificate's Not After (" + notAfter
                    + ") must be later than its Not Before (" + notBefore + ").");
        }

        // 2. The sources this template honours; the others are ignored.
        ApiPassthroughSpec api = template.honoursApiPassthrough() ? in.apiPassthrough() : null;
        ExtensionsSpec apiExt = api == null || api.extensions() == null ? NO_EXTENSIONS : api.extensions();
        Extensions csrExt = RequestedExtensions.of(in.csr());

        // 3. The subject: the CSR's, unless an honoured API passthrough gives one.
        X500Name subject = api != null && api.hasSubject() ? toX500Name(api.subject()) : in.csr().getSubject();
        checkCommonNames(subject);
        boolean emptySubject = subject.getRDNs().length == 0;
        checkSelfSigned(in, subject, spki);

        // 4. Template-fixed extensions.
        ExtensionSet out = new ExtensionSet();
        out.put(template.pathLength().isPresent()
                ? ExtensionValues.extension(Extension.basicConstraints, true,
                        new BasicConstraints(template.pathLength().getAsInt()))
                : ExtensionValues.extension(Extension.basicConstraints, template.basicConstraintsCritical(),
                        new BasicConstraints(template.isCaTemplate())), "the template");
        if (template.keyUsage().isPresent()) {
            out.put(ExtensionValues.extension(Extension.keyUsage, true, keyUsageFor(template, spki)), "the template");
        }
        if (!template.extendedKeyUsage().isEmpty()) {
            out.put(ExtensionValues.extension(Extension.extendedKeyUsage, template.extendedKeyUsageCritical(),
                    new ExtendedKeyUsage(template.extendedKeyUsage().toArray(KeyPurposeId[]::new))),
                    "the template");
        }

        // 5. API passthrough fields, where the template left room. Key usage from the API is critical (§4.2.1.3).
        if (apiExt.keyUsage() != null && !out.has(Extension.keyUsage)) {
            out.put(ExtensionValues.extension(Extension.keyUsage, true, ExtensionValues.keyUsage(apiExt.keyUsage())),
                    "the API passthrough");
        }
        if (!apiExt.extendedKeyUsage().isEmpty() && !out.has(Extension.extendedKeyUsage)) {
            out.put(ExtensionValues.extension(Extension.extendedKeyUsage, false,
                    ExtensionValues.extendedKeyUsage(apiExt.extendedKeyUsage())), "the API passthrough");
        }
        if (!apiExt.subjectAlternativeNames().isEmpty()) {
            checkDirectoryNames(apiExt);
            out.put(ExtensionValues.extension(Extension.subjectAlternativeName, emptySubject,
                    ExtensionValues.generalNames(apiExt.subjectAlternativeNames())), "the API passthrough");
        }
        if (!apiExt.certificatePolicies().isEmpty()) {
            out.put(ExtensionValues.extension(Extension.certificatePolicies, false,
                    ExtensionValues.certificatePolicies(apiExt.certificatePolicies())), "the API passthrough");
        }

        // 6. Key identifiers, always computed (§4.2.1.1, §4.2.1.2 method 1); no AKI for self-signed roots.
        out.put(ExtensionValues.extension(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(ExtensionValues.keyIdentifier(spki))), "Castellan");
        if (template.includesAuthorityKeyIdentifier()) {
            byte[] keyId = in.issuerSubjectKeyIdentifier() != null ? in.issuerSubjectKeyIdentifier()
                    : ExtensionValues.keyIdentifier(SubjectPublicKeyInfo.getInstance(in.issuerPublicKey().getEncoded()));
            out.put(ExtensionValues.extension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(keyId)), "Castellan");
        }

        // 7. Pointers from the CA configuration.
        if (template.includesCaPointers() && !in.crlDistributionPointUris().isEmpty()) {
            out.put(ExtensionValues.extension(Extension.cRLDistributionPoints, false,
                    ExtensionValues.crlDistributionPoints(in.crlDistributionPointUris())), "the CA configuration");
        }
        if (template.includesCaPointers() && (in.ocspUrl() != null || in.caIssuersUrl() != null)) {
            out.put(ExtensionValues.extension(Extension.authorityInfoAccess, false,
                    ExtensionValues.authorityInformationAccess(in.ocspUrl(), in.caIssuersUrl())), "the CA configuration");
        }

        // 8. API custom extensions: they fill gaps only.
        for (CustomExtensionSpec c : apiExt.customExtensions()) {
            out.put(customExtension(c, out), "a custom extension");
        }

        // 9. The CSR: its SAN for every template; everything else it asks for only with CSR passthrough.
        if (csrExt != null) {
            Extension san = csrExt.getExtension(Extension.subjectAlternativeName);
            if (san != null && !out.has(Extension.subjectAlternativeName)) {
                out.put(RequestedExtensions.san(san, emptySubject), "the CSR");
            }
            if (template.honoursCsrPassthrough()) {
                for (ASN1ObjectIdentifier oid : csrExt.getExtensionOIDs()) {
                    if (!OURS_ONLY.contains(oid) && !out.has(oid)) {
                        out.put(RequestedExtensions.wellFormed(csrExt.getExtension(oid)), "the CSR");
                    }
                }
            }
        }

        // 10. A certificate must name its subject somewhere; with an empty subject the SAN is critical (§4.2.1.6).
        Extension san = out.get(Extension.subjectAlternativeName);
        if (emptySubject && san == null) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR,
                    "The CSR must contain a subject or a subject alternative name.");
        }
        if (emptySubject && !san.isCritical()) {
            throw CastellanException.invalidArgs(
                    "A certificate with an empty subject needs a critical subject alternative name extension.");
        }

        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(in.issuerName(), in.serial(),
                DerTimes.of(notBefore), DerTimes.of(notAfter), subject, spki);
        try {
            for (Extension e : out.values()) {
                builder.addExtension(e);
            }
        } catch (CertIOException e) {
            throw new IllegalStateException("extension encoding failed", e);
        }
        return builder;
    }

    /** The template's key usage, minus the encipherment usages an ML-DSA key cannot have (RFC 9881 §5). */
    private static KeyUsage keyUsageFor(CertificateTemplate template, SubjectPublicKeyInfo spki) {
        int bits = template.keyUsageBits();
        if (ML_DSA.contains(spki.getAlgorithm().getAlgorithm())) {
            bits &= ~NOT_FOR_ML_DSA;
        }
        return new KeyUsage(bits);
    }

    private static void checkSelfSigned(IssuanceInput in, X500Name subject, SubjectPublicKeyInfo spki) {
        if (in.template().kind() == CertificateTemplate.Kind.ROOT_CA && !in.selfSigned()) {
            throw CastellanException.invalidArgs("The template " + in.template()
                    + " issues only a CA's own self-signed certificate.");
        }
        if (!in.selfSigned()) {
            return;
        }
        if (!SubjectPublicKeyInfo.getInstance(in.issuerPublicKey().getEncoded()).equals(spki)) {
            throw CastellanException.invalidArgs("A self-signed certificate must certify the issuer's own key, "
                    + "but the CSR carries a different public key.");
        }
        if (!in.issuerName().equals(subject)) {
            throw CastellanException.invalidArgs("A self-signed certificate's subject '" + subject
                    + "' must equal its issuer '" + in.issuerName() + "'.");
        }
    }

    private static X500Name toX500Name(Subject s) {
        if (s.hasNamedAttributes() && !s.customAttributes().isEmpty()) {
            throw CastellanException.invalidArgs(
                    "A Subject may give CustomAttributes or named attributes (CommonName, Organization, ...), not both.");
        }
        if (s.commonName() != null) {
            checkCommonName(s.commonName());
        }
        try {
            return X509Names.toX500Name(s);
        } catch (IllegalArgumentException e) {
            // BouncyCastle refuses some values itself (e.g. over-long attributes); that is the caller's input.
            throw CastellanException.invalidArgs("The Subject cannot be encoded: " + e.getMessage());
        }
    }

    private static void checkDirectoryNames(ExtensionsSpec ext) {
        for (GeneralNameSpec n : ext.subjectAlternativeNames()) {
            if (n instanceof GeneralNameSpec.Directory d) {
                toX500Name(d.name());
            }
        }
    }

    private static void checkCommonNames(X500Name subject) {
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN) && atv.getValue() instanceof ASN1String s) {
                    checkCommonName(s.getString());
                }
            }
        }
    }

    private static void checkCommonName(String cn) {
        if (cn.codePointCount(0, cn.length()) > MAX_COMMON_NAME) {
            throw CastellanException.invalidArgs("The common name '" + cn + "' is longer than " + MAX_COMMON_NAME
                    + " characters (RFC 5280 ub-common-name).");
        }
    }

    private static Extension customExtension(CustomExtensionSpec c, ExtensionSet out) {
        ASN1ObjectIdentifier oid = X509Names.oid(c.objectIdentifier());
        if (OURS_ONLY.contains(oid)) {
            throw CastellanException.invalidArgs("A custom extension may not set the " + ExtensionSet.describe(oid)
                    + ": Castellan always sets it from the template and the keys.");
        }
        if (out.has(oid)) {
            throw CastellanException.invalidArgs("The custom " + ExtensionSet.describe(oid)
                    + " duplicates the one " + out.source(oid) + " already sets.");
        }
        byte[] der = c.derValue();
        try {
            ASN1Encodable parsed = ASN1Primitive.fromByteArray(der);
            if (der.length == 0 || parsed == null) {
                throw new IOException("empty");
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw CastellanException.invalidArgs("The value of custom extension " + oid
                    + " is not a single DER-encoded ASN.1 value.");
        }
        return new Extension(oid, c.critical(), der);
    }
}
