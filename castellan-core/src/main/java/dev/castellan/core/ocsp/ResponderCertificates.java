package dev.castellan.core.ocsp;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.x509.CertificateAssembler;
import dev.castellan.core.x509.CertificateTemplate;
import dev.castellan.core.x509.IssuanceInput;
import dev.castellan.core.x509.KeySigner;
import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * Builds the to-be-signed certificate of a CA's delegated OCSP responder (RFC 6960 §4.2.2.2): AWS's
 * {@code OCSPSigningCertificate/V1} template (critical EKU id-kp-OCSPSigning, critical key usage digitalSignature,
 * not a CA) plus {@code id-pkix-ocsp-nocheck} (§4.2.2.2.1), which tells clients not to check the responder's own
 * revocation — the reason its validity is kept short. No CRL distribution point or AIA is added: with nocheck nobody
 * follows them. It signs nothing and reads no clock.
 */
public final class ResponderCertificates {
    public static final CertificateTemplate TEMPLATE =
            CertificateTemplate.fromArn(CertificateTemplate.ARN_PREFIX + "OCSPSigningCertificate/V1").orElseThrow();
    private static final String SUFFIX = " OCSP Responder";
    private static final int MAX_COMMON_NAME = 64;

    private ResponderCertificates() {}

    /** The responder's subject: the CA's name with its common name suffixed " OCSP Responder" (or added). */
    public static X500Name subject(X500Name caSubject) {
        X500NameBuilder b = new X500NameBuilder(BCStyle.INSTANCE);
        String cn = null;
        for (RDN rdn : caSubject.getRDNs()) {
            List<AttributeTypeAndValue> kept = new ArrayList<>();
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(BCStyle.CN) && cn == null && atv.getValue() instanceof ASN1String s) {
                    cn = s.getString();
                } else {
                    kept.add(atv);
                }
            }
            if (!kept.isEmpty()) {
                b.addMultiValuedRDN(kept.toArray(AttributeTypeAndValue[]::new));
            }
        }
        String name = cn == null ? SUFFIX.strip() : cn + SUFFIX;
        if (name.codePointCount(0, name.length()) > MAX_COMMON_NAME) {
            name = SUFFIX.strip();
        }
        return b.addRDN(BCStyle.CN, name).build();
    }

    /** A PKCS#10 request for the responder key, signed inside its provider: the assembler takes keys from requests. */
    public static PKCS10CertificationRequest request(KeyProvider keys, KeyRef key, SigningAlgorithm algorithm,
            X500Name subject) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.publicKey(key).getEncoded());
        return new PKCS10CertificationRequestBuilder(subject, spki).build(new KeySigner(keys, key, algorithm));
    }

    /**
     * The responder certificate's builder; the caller signs it with the CA key and lints the result.
     *
     * @param issuerSubjectKeyIdentifier the CA certificate's SKI, or null to derive the AKI from {@code issuerKey}
     */
    public static X509v3CertificateBuilder assemble(PKCS10CertificationRequest request, X500Name issuerName,
            PublicKey issuerKey, byte[] issuerSubjectKeyIdentifier, BigInteger serial, Instant notBefore, Instant notAfter) {
        X509v3CertificateBuilder builder = CertificateAssembler.assemble(new IssuanceInput(request, TEMPLATE, null,
                issuerName, issuerKey, issuerSubjectKeyIdentifier, false, serial, notBefore, notAfter, List.of(), null,
                null));
        try {
            builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
        } catch (CertIOException e) {
            throw new IllegalStateException("id-pkix-ocsp-nocheck does not encode", e);
        }
        return builder;
    }
}
