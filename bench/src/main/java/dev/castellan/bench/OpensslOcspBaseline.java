package dev.castellan.bench;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The baseline of the OCSP benchmark: OpenSSL's own responder ({@code openssl ocsp -index ... -port ...}) with a
 * P-256 CA and a delegated P-256 responder made by the openssl command line, answering the same shape of request
 * (one SHA-1 CertID by GET, no nonce) for an index of {@code n} valid certificates. It signs every answer.
 *
 * <p>{@code openssl ocsp -port} listens on every interface and has no option to bind loopback only, so it runs in a
 * private network namespace ({@code unshare -n}) that has nothing but its own loopback, together with the h2load that
 * measures it; it is never reachable from outside. Its process group is killed when the run ends.
 */
final class OpensslOcspBaseline {
    private static final int PORT = 18080;
    private final Path dir;
    private final List<String> paths = new ArrayList<>();

    private OpensslOcspBaseline(Path dir) {
        this.dir = dir;
    }

    /** Creates the CA, the responder and an index of {@code n} certificates, and the GET paths asking about them. */
    static OpensslOcspBaseline prepare(Path dir, int n) throws Exception {
        OpensslOcspBaseline b = new OpensslOcspBaseline(Files.createDirectories(dir));
        b.run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "30", "-subj", "/CN=OpenSSL Bench Root",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        b.run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "rsp.key", "-out", "rsp.csr", "-subj", "/CN=OpenSSL Bench OCSP Responder");
        Files.writeString(b.dir.resolve("rsp.ext"), "extendedKeyUsage=critical,OCSPSigning\nkeyUsage=critical,digitalSignature\n"
                + "basicConstraints=CA:FALSE\nnoCheck=ignored\n");
        b.run("openssl", "x509", "-req", "-in", "rsp.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days",
                "30", "-out", "rsp.pem", "-extfile", "rsp.ext");
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(b.dir.resolve("ca.pem"))));
        SecureRandom random = new SecureRandom();
        StringBuilder index = new StringBuilder();
        for (int i = 0; i < n; i++) {
            BigInteger serial = new BigInteger(127, random).setBit(126);
            index.append("V\t351231000000Z\t\t").append(serial.toString(16).toUpperCase()).append("\tunknown\t/CN=leaf")
                    .append(i).append('\n');
            b.paths.add("/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request(ca, serial)), StandardCharsets.US_ASCII));
        }
        Files.writeString(b.dir.resolve("index.txt"), index);
        return b;
    }

    static byte[] request(X509Certificate issuer, BigInteger serial) throws Exception {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    /** Runs the responder ({@code processes} > 1 adds {@code -multi}) and h2load against it. */
    H2Load.Result measure(H2Load load, int requests, int processes) throws Exception {
        String name = "openssl-" + processes;
        List<String> urls = paths.stream().map(p -> "http://127.0.0.1:" + PORT + p).toList();
        String multi = processes > 1 ? " -multi " + processes : "";
        long limit = load.limit().toSeconds() + 20;
        String script = String.join("\n",
                "set -u",
                "cd " + dir,
                "ip link set lo up",
                "openssl ocsp -index index.txt -port " + PORT + " -rsigner rsp.pem -rkey rsp.key -CA ca.pem"
                        + " -nmin 1440 -ignore_err" + multi + " > " + name + ".log 2>&1 &",
                "pid=$!",
                // With -multi it makes its own process group (its forks are in it) and outlives SIGTERM, hence
                // SIGKILL to the group and to the process; the watchdog ends it even if this script is killed first.
                "stop() { kill -9 -- -$pid 2>/dev/null; kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null; }",
                "trap stop EXIT",
                "(sleep " + limit + "; kill -9 -- -$pid; kill -9 $pid) >/dev/null 2>&1 &",
                "watchdog=$!",
                // Ready once it answers a real request (with -multi it logs to syslog, so the log cannot tell).
                "for i in $(seq 100); do curl -sf -o /dev/null '" + urls.getFirst() + "' && break; sleep 0.1; done",
                String.join(" ", load.command(urls, requests, name, null)),
                "status=$?",
                "kill $watchdog 2>/dev/null",
                "exit $status",
                "");
        Path sh = Files.writeString(dir.resolve(name + ".sh"), script);
        Path log = dir.resolve(name + ".out");
        Process p = new ProcessBuilder("unshare", "-n", "bash", sh.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // h2load inside is killed by its own time bound; this one only catches a stuck responder start.
        boolean done = p.waitFor(load.limit().toSeconds() + 30, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (!done || p.exitValue() != 0) {
            throw new IllegalStateException("the openssl baseline failed (it needs root for unshare -n): " + out);
        }
        return H2Load.parse(out);
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
