package dev.castellan.core.csr;

import dev.castellan.core.keys.KeyProvider;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.AccessDescriptionSpec;
import dev.castellan.core.model.CsrExtensionsSpec;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import dev.castellan.core.x509.KeySigner;
import dev.castellan.core.x509.X509Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** Builds the PKCS#10 request a new CA hands to whoever will certify it, signed by the CA's own key. */
public final class CaCsrFactory {
    private static final ASN1ObjectIdentifier CA_REPOSITORY = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.5");
    private static final ASN1ObjectIdentifier RPKI_MANIFEST = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.10");
    private static final ASN1ObjectIdentifier RPKI_NOTIFY = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.48.13");

    private CaCsrFactory() {}

    public static PKCS10CertificationRequest create(
            KeyProvider keys, KeyRef key, SigningAlgorithm algorithm, Subject subject, CsrExtensionsSpec extensions) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.publicKey(key).getEncoded());
            PKCS10CertificationRequestBuilder b =
                    new PKCS10CertificationRequestBuilder(X509Names.toX500Name(subject), spki);
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            if (extensions != null && extensions.keyUsage() != null && !extensions.keyUsage().isEmpty()) {
                ext.addExtension(Extension.keyUsage, true, keyUsage(extensions.keyUsage()));
            }
            if (extensions != null && !extensions.subjectInformationAccess().isEmpty()) {
                AccessDescription[] sia = extensions.subjectInformationAccess().stream()
                        .map(CaCsrFactory::accessDescription)
                        .toArray(AccessDescription[]::new);
                ext.addExtension(Extension.subjectInfoAccess, false, new DERSequence(sia));
            }
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            return b.build(new KeySigner(keys, key, algorithm));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static KeyUsage keyUsage(KeyUsageSpec s) {
        int bits = 0;
        bits |= s.digitalSignature() ? KeyUsage.digitalSignature : 0;
        bits |= s.nonRepudiation() ? KeyUsage.nonRepudiation : 0;
        bits |= s.keyEncipherment() ? KeyUsage.keyEncipherment : 0;
        bits |= s.dataEncipherment() ? KeyUsage.dataEncipherment : 0;
        bits |= s.keyAgreement() ? KeyUsage.keyAgreement : 0;
        bits |= s.keyCertSign() ? KeyUsage.keyCertSign : 0;
        bits |= s.crlSign() ? KeyUsage.cRLSign : 0;
        bits |= s.encipherOnly() ? KeyUsage.encipherOnly : 0;
        bits |= s.decipherOnly() ? KeyUsage.decipherOnly : 0;
        return new KeyUsage(bits);
    }

    static AccessDescription accessDescription(AccessDescriptionSpec d) {
        ASN1ObjectIdentifier method;
        if (d.customObjectIdentifier() != null) {
            method = X509Names.oid(d.customObjectIdentifier());
        } else {
            method = switch (d.accessMethodType()) {
                case "CA_REPOSITORY" -> CA_REPOSITORY;
                case "RESOURCE_PKI_MANIFEST" -> RPKI_MANIFEST;
                case "RESOURCE_PKI_NOTIFY" -> RPKI_NOTIFY;
                default -> throw dev.castellan.core.CastellanException.invalidArgs(
                        "Unknown AccessMethodType '" + d.accessMethodType() + "'.");
            };
        }
        return new AccessDescription(method, X509Names.toGeneralName(d.location()));
    }
}
