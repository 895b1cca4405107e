package dev.castellan.authority.crl;

import java.time.Instant;

/**
 * A public object of a CA as the HTTP distribution point serves it: a CRL ({@code application/pkix-crl}) or the CA
 * certificate ({@code application/pkix-cert}), DER.
 *
 * @param expires when a cache must fetch it again: the CRL's nextUpdate, null for a certificate
 * @param etag    an opaque version: the CRL number, or the certificate's serial
 */
public record PublishedObject(String contentType, byte[] content, Instant lastModified, Instant expires, String etag) {
    public static final String CRL = "application/pkix-crl";
    public static final String CERTIFICATE = "application/pkix-cert";
}
