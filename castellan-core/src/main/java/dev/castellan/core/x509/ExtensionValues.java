package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.csr.CaCsrFactory;
import dev.castellan.core.model.ExtendedKeyUsageSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.PolicyInformationSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Encoders from AWS-shaped values to X.509 extension values, with the checks AWS applies to each. */
final class ExtensionValues {
    /** AWS limits DNS names in SANs to 253 characters, the longest a DNS name can be. */
    private static final int MAX_DNS_NAME = 253;

    private ExtensionValues() {}

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static KeyUsage keyUsage(KeyUsageSpec spec) {
        if (spec.isEmpty()) {
            throw CastellanException.invalidArgs("KeyUsage must set at least one usage.");
        }
        return CaCsrFactory.keyUsage(spec);
    }

    static ExtendedKeyUsage extendedKeyUsage(List<ExtendedKeyUsageSpec> specs) {
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        List<KeyPurposeId> purposes = new ArrayList<>();
        for (ExtendedKeyUsageSpec s : specs) {
            ASN1ObjectIdentifier oid = X509Names.oid(s.oid());
            if (!seen.add(oid)) {
                throw CastellanException.invalidArgs("ExtendedKeyUsage lists " + oid + " more than once.");
            }
            purposes.add(KeyPurposeId.getInstance(oid));
        }
        return new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new));
    }

    static GeneralNames generalNames(List<GeneralNameSpec> specs) {
        GeneralName[] names = new GeneralName[specs.size()];
        for (int i = 0; i < names.length; i++) {
            GeneralNameSpec s = specs.get(i);
            if (s instanceof GeneralNameSpec.Dns d && (d.name() == null || d.name().isEmpty()
                    || d.name().length() > MAX_DNS_NAME)) {
                throw CastellanException.invalidArgs("A DnsName must have 1 to " + MAX_DNS_NAME + " characters.");
            }
            try {
                names[i] = X509Names.toGeneralName(s);
            } catch (IllegalArgumentException e) {
                // e.g. a DnsName outside IA5; BouncyCastle's refusal is the caller's bad input, not our failure.
                throw CastellanException.invalidArgs("The subject alternative name " + s + " cannot be encoded: "
                        + e.getMessage());
            }
        }
        return new GeneralNames(names);
    }

    /** Policies with their CPS pointers ({@code id-qt-cps} qualifiers); a policy may appear only once (RFC 5280 §4.2.1.4). */
    static CertificatePolicies certificatePolicies(List<PolicyInformationSpec> specs) {
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        PolicyInformation[] policies = new PolicyInformation[specs.size()];
        for (int i = 0; i < policies.length; i++) {
            PolicyInformationSpec s = specs.get(i);
            ASN1ObjectIdentifier oid = X509Names.oid(s.certPolicyId());
            if (!seen.add(oid)) {
                throw CastellanException.invalidArgs("CertificatePolicies lists policy " + oid + " more than once.");
            }
            if (s.cpsUris().isEmpty()) {
                policies[i] = new PolicyInformation(oid);
                continue;
            }
            PolicyQualifierInfo[] qualifiers = s.cpsUris().stream()
                    .map(uri -> new PolicyQualifierInfo(PolicyQualifierId.id_qt_cps, ia5(uri, "CpsUri")))
                    .toArray(PolicyQualifierInfo[]::new);
            policies[i] = new PolicyInformation(oid, new DERSequence(qualifiers));
        }
        return new CertificatePolicies(policies);
    }

    /** One distribution point whose full name lists every URI: alternative locations of the same CRL. */
    static CRLDistPoint crlDistributionPoints(List<String> uris) {
        GeneralName[] names = uris.stream()
                .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, ia5(u, "CRL distribution point")))
                .toArray(GeneralName[]::new);
        DistributionPointName name = new DistributionPointName(DistributionPointName.FULL_NAME, new GeneralNames(names));
        return new CRLDistPoint(new DistributionPoint[] {new DistributionPoint(name, null, null)});
    }

    static AuthorityInformationAccess authorityInformationAccess(String ocspUrl, String caIssuersUrl) {
        List<AccessDescription> out = new ArrayList<>();
        if (ocspUrl != null) {
            out.add(new AccessDescription(AccessDescription.id_ad_ocsp,
                    new GeneralName(GeneralName.uniformResourceIdentifier, ia5(ocspUrl, "OCSP URL"))));
        }
        if (caIssuersUrl != null) {
            out.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
                    new GeneralName(GeneralName.uniformResourceIdentifier, ia5(caIssuersUrl, "CA issuers URL"))));
        }
        return new AuthorityInformationAccess(out.toArray(AccessDescription[]::new));
    }

    /** RFC 5280 §4.2.1.2 method 1: the SHA-1 of the subjectPublicKey BIT STRING's value. */
    static byte[] keyIdentifier(SubjectPublicKeyInfo spki) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(spki.getPublicKeyData().getBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** An IA5String, refusing text outside ASCII rather than letting the encoder fail later. */
    private static DERIA5String ia5(String value, String what) {
        if (value == null || value.isEmpty() || !DERIA5String.isIA5String(value)) {
            throw CastellanException.invalidArgs("The " + what + " '" + value + "' must be non-empty ASCII.");
        }
        return new DERIA5String(value);
    }
}
