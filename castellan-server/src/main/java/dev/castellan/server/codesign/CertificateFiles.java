package dev.castellan.server.codesign;

import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Reads certificates from the files users pass: PEM with one or more certificates, or one DER certificate. */
final class CertificateFiles {
    private CertificateFiles() {}

    /** Every certificate in the file, in order; at least one. */
    static List<X509Certificate> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + describe(e));
        }
        List<X509Certificate> out = new ArrayList<>();
        try {
            String text = new String(bytes, StandardCharsets.US_ASCII);
            if (text.contains("-----BEGIN ")) {
                for (byte[] der : Pem.decodeAll(text, "CERTIFICATE")) {
                    out.add(Pem.certificate(der));
                }
            } else {
                out.add(Pem.certificate(bytes));
            }
        } catch (IOException | CertificateException e) {
            throw new CommandException(file + " does not hold valid certificates: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new CommandException(file + " holds no certificate");
        }
        return out;
    }

    /** The one certificate of a file that must hold exactly one. */
    static X509Certificate readOne(Path file) {
        List<X509Certificate> all = read(file);
        if (all.size() != 1) {
            throw new CommandException(file + " holds " + all.size() + " certificates; give the signer's alone and the"
                    + " others with --chain");
        }
        return all.getFirst();
    }

    static String describe(IOException e) {
        return e instanceof java.nio.file.NoSuchFileException ? "no such file" : String.valueOf(e.getMessage());
    }
}
