package dev.castellan.core.ocsp;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.Request;
import org.bouncycastle.asn1.ocsp.TBSRequest;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

/**
 * A parsed OCSP request (RFC 6960 §4.1): the certificates asked about, in order, and the nonce to echo if one was
 * sent. Parsing is the one place a request is judged; what it refuses is answered {@code malformedRequest}.
 *
 * <p>Design notes:
 * <ul>
 *   <li>Every CertID is answered (RFC 6960 allows many per request; AWS answers only the first). At most
 *       {@link #MAX_CERTIFICATES} per request, so one request cannot ask for unbounded work.</li>
 *   <li>Nonce (RFC 8954 §2.1): a nonce of 1 to 32 octets is echoed. The RFC lets a responder drop nonces of 1–15
 *       octets; Castellan echoes them, since old clients send short ones and echoing costs nothing. A nonce of 0 or
 *       more than 32 octets is refused with {@code malformedRequest}, which §2.1 requires. The nonce is the OCTET
 *       STRING inside the extension value; a value that is not one (some old clients) counts as raw octets.</li>
 *   <li>A request signature is not required and not checked (RFC 6960 §4.1.2 makes it optional).</li>
 *   <li>Unknown non-critical extensions are ignored (§4.4); an unknown critical one makes the request malformed,
 *       since the client demands a meaning the responder cannot honour.</li>
 * </ul>
 *
 * @param nonceValue the nonce extension's value to echo verbatim, or null when the request has no nonce
 */
public record OcspRequest(List<CertId> certIds, byte[] nonceValue) {
    public static final int MAX_CERTIFICATES = 100;
    /** Far above any real request (a CertID is about 80 octets), small enough to refuse floods cheaply. */
    public static final int MAX_BYTES = 16 * 1024;
    public static final int MAX_NONCE_OCTETS = 32;

    public OcspRequest {
        certIds = List.copyOf(certIds);
        nonceValue = nonceValue == null ? null : nonceValue.clone();
    }

    @Override
    public byte[] nonceValue() {
        return nonceValue == null ? null : nonceValue.clone();
    }

    public boolean hasNonce() {
        return nonceValue != null;
    }

    /**
     * Parses a DER (or BER) {@code OCSPRequest}.
     *
     * @throws CastellanException {@code INVALID_REQUEST} for anything that is not a well-formed request this responder
     *     accepts; the message says why, for logs
     */
    public static OcspRequest parse(byte[] der) {
        if (der == null || der.length == 0) {
            throw malformed("The OCSP request is empty.");
        }
        if (der.length > MAX_BYTES) {
            throw malformed("The OCSP request is larger than " + MAX_BYTES + " bytes.");
        }
        List<CertId> ids = new ArrayList<>();
        byte[] nonce;
        try {
            // fromByteArray refuses trailing bytes after the request, so a truncated or padded body never passes.
            TBSRequest tbs = OCSPRequest.getInstance(ASN1Primitive.fromByteArray(der)).getTbsRequest();
            if (tbs.getVersion().intValueExact() != 0) {
                throw malformed("Only OCSP request version 1 exists.");
            }
            ASN1Sequence list = tbs.getRequestList();
            if (list.size() == 0 || list.size() > MAX_CERTIFICATES) {
                throw malformed("An OCSP request must ask about 1 to " + MAX_CERTIFICATES + " certificates, not "
                        + list.size() + ".");
            }
            for (int i = 0; i < list.size(); i++) {
                Request r = Request.getInstance(list.getObjectAt(i));
                checkCritical(r.getSingleRequestExtensions(), null);
                ids.add(CertId.of(r.getReqCert()));
            }
            nonce = nonce(tbs.getRequestExtensions());
        } catch (IOException | RuntimeException e) {
            if (e instanceof CastellanException c) {
                throw c;
            }
            throw malformed("The OCSP request does not parse: " + e.getMessage());
        }
        return new OcspRequest(ids, nonce);
    }

    private static byte[] nonce(Extensions extensions) {
        checkCritical(extensions, OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        Extension ext = extensions == null ? null : extensions.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (ext == null) {
            return null;
        }
        byte[] value = ext.getExtnValue().getOctets();
        int length = innerOctets(value).map(o -> o.length).orElse(value.length);
        if (length == 0 || length > MAX_NONCE_OCTETS) {
            throw malformed("The nonce has " + length + " octets; RFC 8954 allows 1 to " + MAX_NONCE_OCTETS + ".");
        }
        return value;
    }

    private static Optional<byte[]> innerOctets(byte[] value) {
        try {
            return Optional.of(ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(value)).getOctets());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void checkCritical(Extensions extensions, ASN1ObjectIdentifier understood) {
        if (extensions == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : extensions.getCriticalExtensionOIDs()) {
            if (!oid.equals(understood)) {
                throw malformed("The request carries the critical extension " + oid + ", which this responder does not support.");
            }
        }
    }

    private static CastellanException malformed(String message) {
        return new CastellanException(ErrorCode.INVALID_REQUEST, message);
    }
}
