package dev.castellan.core.ocsp;

import dev.castellan.core.x509.KeySigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.ocsp.RevokedInfo;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * Encodes OCSP responses (RFC 6960 §4.2): signed {@code BasicOCSPResponse}s, and the bare error statuses. It reads no
 * clock; every time is given, and goes on the wire in whole seconds (GeneralizedTime without fractions, as RFC 5280
 * §4.1.2.5.2 requires of certificates and the CA/Browser Forum of OCSP responses).
 */
public final class OcspResponses {
    private static final Map<OcspResponseStatus, byte[]> ERRORS = new EnumMap<>(OcspResponseStatus.class);

    static {
        for (OcspResponseStatus s : OcspResponseStatus.values()) {
            if (s != OcspResponseStatus.SUCCESSFUL) {
                ERRORS.put(s, encode(new OCSPResponse(new OCSPResponseStatus(s.code()), null)));
            }
        }
    }

    private OcspResponses() {}

    /** The unsigned response carrying only an error status, such as {@code malformedRequest}. */
    public static byte[] error(OcspResponseStatus status) {
        byte[] der = ERRORS.get(status);
        if (der == null) {
            throw new IllegalArgumentException("successful is not an error status");
        }
        return der.clone();
    }

    /**
     * A successful response answering each CertID in order, signed once by the responder, carrying the responder's
     * certificate so clients can check the delegation (RFC 6960 §4.2.2.2).
     *
     * @param nonceValue the request's nonce extension value to echo (RFC 8954), or null
     */
    public static byte[] signed(ResponderIdentity responder, List<OcspAnswer> answers, byte[] nonceValue, Instant producedAt) {
        if (answers.isEmpty()) {
            throw new IllegalArgumentException("a response answers at least one certificate");
        }
        BasicOCSPRespBuilder b = new BasicOCSPRespBuilder(responder.respId());
        for (OcspAnswer a : answers) {
            b.addResponse(new CertificateID(a.certId().asn1()), status(a.status()), date(a.thisUpdate()),
                    date(a.nextUpdate()), null);
        }
        if (nonceValue != null) {
            b.setResponseExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    nonceValue)));
        }
        try {
            BasicOCSPResp basic = b.build(new KeySigner(responder.keys(), responder.key(), responder.algorithm()),
                    new X509CertificateHolder[] {responder.certificate()}, date(producedAt));
            OCSPResp resp = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
            return resp.getEncoded();
        } catch (OCSPException e) {
            throw new IllegalStateException("the OCSP response could not be built", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CertificateStatus status(OcspStatus status) {
        return switch (status) {
            case OcspStatus.Good g -> CertificateStatus.GOOD;
            case OcspStatus.Unknown u -> new UnknownStatus();
            case OcspStatus.Revoked r -> new RevokedStatus(new RevokedInfo(
                    new ASN1GeneralizedTime(date(r.revokedAt())),
                    r.reason().hasReasonCode() ? CRLReason.lookup(r.reason().code()) : null));
        };
    }

    private static Date date(Instant t) {
        return Date.from(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static byte[] encode(OCSPResponse r) {
        try {
            return r.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
