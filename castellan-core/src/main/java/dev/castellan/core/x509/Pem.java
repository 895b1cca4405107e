package dev.castellan.core.x509;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/** PEM encoding and decoding of certificates and requests. */
public final class Pem {
    private Pem() {}

    public static String encode(String type, byte[] der) {
        // RFC 7468 strict form, as BouncyCastle's PemWriter writes it: 64 base64 characters a line, "\n" endings.
        // Written by hand because GetCertificate encodes on every call and the writer stack cost a visible share.
        String base64 = java.util.Base64.getEncoder().encodeToString(der);
        StringBuilder out = new StringBuilder(base64.length() + base64.length() / 64 + 2 * type.length() + 40);
        out.append("-----BEGIN ").append(type).append("-----\n");
        for (int i = 0; i < base64.length(); i += 64) {
            out.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
        }
        return out.append("-----END ").append(type).append("-----\n").toString();
    }

    /**
     * Reads every PEM block of the given type, in order. Text outside blocks is ignored; a block of another type
     * or a damaged block is an error.
     */
    public static List<byte[]> decodeAll(String text, String type) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (PemReader r = new PemReader(new java.io.StringReader(text))) {
            PemObject o;
            while ((o = r.readPemObject()) != null) {
                if (!o.getType().equals(type)) {
                    throw new IOException("expected a PEM block of type " + type + " but found " + o.getType());
                }
                out.add(o.getContent());
            }
        }
        return out;
    }

    /** Parses DER certificates with the JDK's own decoder, independent of BouncyCastle. */
    public static X509Certificate certificate(byte[] der) throws CertificateException {
        CertificateFactory f = CertificateFactory.getInstance("X.509");
        return (X509Certificate) f.generateCertificate(new ByteArrayInputStream(der));
    }

    public static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
