package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** Reads the extensions a CSR asks for; anything that does not decode is a malformed CSR. */
final class RequestedExtensions {
    private RequestedExtensions() {}

    /** The CSR's pkcs-9 extensionRequest, or null when it asks for none. */
    static Extensions of(PKCS10CertificationRequest csr) {
        Attribute[] attributes = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attributes.length == 0) {
            return null;
        }
        if (attributes.length > 1 || attributes[0].getAttrValues().size() != 1) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR, "The CSR carries more than one extension request.");
        }
        try {
            return Extensions.getInstance(attributes[0].getAttrValues().getObjectAt(0));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR,
                    "The CSR's requested extensions do not parse: " + e.getMessage());
        }
    }

    /** The CSR's SAN, re-marked critical exactly when the subject is empty (§4.2.1.6). */
    static Extension san(Extension san, boolean emptySubject) {
        try {
            GeneralNames.getInstance(san.getParsedValue());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR,
                    "The CSR's subject alternative name does not parse: " + e.getMessage());
        }
        return new Extension(Extension.subjectAlternativeName, emptySubject, san.getExtnValue());
    }

    static Extension wellFormed(Extension e) {
        try {
            ASN1Primitive.fromByteArray(e.getExtnValue().getOctets());
            return e;
        } catch (IOException | IllegalArgumentException | IllegalStateException ex) {
            throw new CastellanException(ErrorCode.MALFORMED_CSR,
                    "The CSR's requested extension " + e.getExtnId() + " is not valid DER.");
        }
    }
}
