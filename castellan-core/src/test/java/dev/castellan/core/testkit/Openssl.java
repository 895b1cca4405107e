package dev.castellan.core.testkit;

import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/** Runs the system's {@code openssl} (3.0) as an independent X.509 decoder. */
public final class Openssl {
    private static final String OPENSSL = "/usr/bin/openssl";

    private Openssl() {}

    /** {@code openssl x509 -noout -text} of the certificate; fails the test if openssl cannot parse it. */
    public static String text(X509Certificate cert) {
        try {
            Path pem = Files.createTempFile("castellan-", ".pem");
            try {
                Files.writeString(pem, Pem.encode("CERTIFICATE", cert.getEncoded()));
                return run(OPENSSL, "x509", "-noout", "-text", "-in", pem.toString());
            } finally {
                Files.deleteIfExists(pem);
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command, returning stdout; a non-zero exit fails with the command's output. */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The body of one extension in openssl's text output and whether openssl printed it as critical; null when
     * the extension is absent. The header is openssl's name, e.g. "X509v3 Key Usage".
     */
    public static Block extension(String text, String header) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals(header + ":") || line.equals(header + ": critical")) {
                int indent = lines[i].indexOf(line.charAt(0));
                StringBuilder body = new StringBuilder();
                for (int j = i + 1; j < lines.length; j++) {
                    String next = lines[j];
                    int nextIndent = next.length() - next.stripLeading().length();
                    if (next.isBlank() || nextIndent <= indent) {
                        break;
                    }
                    body.append(next.strip()).append('\n');
                }
                return new Block(line.endsWith("critical"), body.toString());
            }
        }
        return null;
    }

    /** One extension as openssl printed it. */
    public record Block(boolean critical, String body) {}
}
