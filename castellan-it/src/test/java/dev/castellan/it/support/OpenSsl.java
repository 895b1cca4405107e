package dev.castellan.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An external CA made and operated by the {@code openssl} command line, independent of Castellan's code. */
public final class OpenSsl {
    private final Path dir;

    public OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** Creates a self-signed P-256 root {@code <name>.pem} / {@code <name>.key}. */
    public Path root(String name, String subject) throws IOException, InterruptedException {
        Command.run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", name + ".key", "-out", name + ".pem", "-days", "3650", "-subj", subject,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-addext", "subjectKeyIdentifier=hash").requireSuccess();
        return dir.resolve(name + ".pem");
    }

    /** Signs a CA CSR with the root as a subordinate CA certificate with the given extra extension lines. */
    public Path signSubordinate(String rootName, Path csr, String outName, int days, String... extraExtensions)
            throws IOException, InterruptedException {
        StringBuilder ext = new StringBuilder("[v3_sub]\nbasicConstraints=critical,CA:TRUE,pathlen:0\n"
                + "keyUsage=critical,keyCertSign,cRLSign,digitalSignature\nsubjectKeyIdentifier=hash\n"
                + "authorityKeyIdentifier=keyid\n");
        for (String e : extraExtensions) {
            ext.append(e).append('\n');
        }
        Path extFile = dir.resolve(outName + ".ext");
        Files.writeString(extFile, ext.toString());
        Command.run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", rootName + ".pem", "-CAkey",
                rootName + ".key", "-CAcreateserial", "-out", outName + ".pem", "-days", Integer.toString(days),
                "-extfile", extFile.toString(), "-extensions", "v3_sub").requireSuccess();
        return dir.resolve(outName + ".pem");
    }

    public Command.Result verify(Path trusted, Path untrusted, Path leaf) throws IOException, InterruptedException {
        return untrusted == null
                ? Command.run(dir, "openssl", "verify", "-CAfile", trusted.toString(), leaf.toString())
                : Command.run(dir, "openssl", "verify", "-CAfile", trusted.toString(), "-untrusted", untrusted.toString(), leaf.toString());
    }

    public Path dir() {
        return dir;
    }
}
