package dev.castellan.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.castellan.server.client.SignatureV4Signer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A load generator that spends as little CPU per call as a Signature V4 client can, so that on a 2-core machine
 * the cores go to the server: one keep-alive HTTP/1.1 connection per thread over a blocking socket, Castellan's
 * own {@link SignatureV4Signer} (the one {@code castellan codesign} uses) and hand-written JSON. Every call is a
 * real HTTP request with a real signature the server verifies. The stock AWS SDK client is measured beside it.
 */
final class LeanClient implements AutoCloseable {
    private static final Pattern CERTIFICATE_ARN = Pattern.compile("\"CertificateArn\":\"([^\"]+)\"");

    private final URI endpoint;
    private final String hostHeader;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, SignatureV4Signer> signers;
    private final List<Connection> all = new ArrayList<>();
    private final ThreadLocal<Connection> connections = ThreadLocal.withInitial(this::connect);

    LeanClient(String endpoint, String accessKeyId, String secret) {
        this.endpoint = URI.create(endpoint + "/");
        this.hostHeader = endpoint.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        this.signers = signers(accessKeyId, secret);
    }

    /** A signer per X-Amz-Target prefix: the private CA API signs as {@code acm-pca}, the key service as {@code kms}. */
    static Map<String, SignatureV4Signer> signers(String accessKeyId, String secret) {
        return Map.of(
                "ACMPrivateCA", new SignatureV4Signer(accessKeyId, secret, null, "us-east-1", "acm-pca"),
                "TrentService", new SignatureV4Signer(accessKeyId, secret, null, "us-east-1", "kms"));
    }

    /** IssueCertificate with the default template, 30 days; returns the certificate ARN. */
    String issue(String caArn, byte[] csrPem, String signingAlgorithm) throws IOException {
        String body = "{\"CertificateAuthorityArn\":\"" + caArn + "\",\"Csr\":\"" + Base64.getEncoder().encodeToString(csrPem)
                + "\",\"SigningAlgorithm\":\"" + signingAlgorithm + "\",\"Validity\":{\"Value\":30,\"Type\":\"DAYS\"}}";
        String response = call("ACMPrivateCA.IssueCertificate", body);
        Matcher m = CERTIFICATE_ARN.matcher(response);
        if (!m.find()) {
            throw new IllegalStateException("IssueCertificate failed: " + response);
        }
        return m.group(1);
    }

    String get(String caArn, String certArn) throws IOException {
        String response = call("ACMPrivateCA.GetCertificate",
                "{\"CertificateAuthorityArn\":\"" + caArn + "\",\"CertificateArn\":\"" + certArn + "\"}");
        if (!response.contains("BEGIN CERTIFICATE")) {
            throw new IllegalStateException("GetCertificate failed: " + response);
        }
        return response;
    }

    /** KMS Sign of {@code message} with the given message type; returns the response JSON. */
    String kmsSign(String keyId, byte[] message, String messageType, String algorithm) throws IOException {
        String response = call("TrentService.Sign", "{\"KeyId\":\"" + keyId + "\",\"Message\":\""
                + Base64.getEncoder().encodeToString(message) + "\",\"MessageType\":\"" + messageType
                + "\",\"SigningAlgorithm\":\"" + algorithm + "\"}");
        if (!response.contains("\"Signature\"")) {
            throw new IllegalStateException("Sign failed: " + response);
        }
        return response;
    }

    /** One signed POST of {@code json} with {@code X-Amz-Target: target}; the body of a 200 answer. */
    String call(String target, String json) throws IOException {
        byte[] body = json.getBytes(UTF_8);
        String service = target.substring(0, target.indexOf('.'));
        Map<String, String> auth = signers.get(service).sign("POST", endpoint,
                Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target", target), body, clock.instant());
        StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ").append(target);
        auth.forEach((k, v) -> head.append("\r\n").append(k).append(": ").append(v));
        head.append("\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        Connection c = connections.get();
        c.out.write(head.toString().getBytes(US_ASCII));
        c.out.write(body);
        c.out.flush();
        Response r = c.read();
        String text = new String(r.body(), UTF_8);
        if (r.status() != 200) {
            throw new IllegalStateException(target + " answered " + r.status() + ": " + text);
        }
        return text;
    }

    private Connection connect() {
        try {
            Socket s = new Socket(endpoint.getHost(), endpoint.getPort());
            s.setTcpNoDelay(true);
            Connection c = new Connection(s);
            synchronized (all) {
                all.add(c);
            }
            return c;
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect to " + endpoint, e);
        }
    }

    @Override
    public void close() {
        synchronized (all) {
            for (Connection c : all) {
                try {
                    c.socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    private record Response(int status, byte[] body) {}

    /**
     * One keep-alive connection: writes requests, reads responses with Content-Length or chunked bodies. Reads
     * through its own buffer: a byte at a time from a BufferedInputStream takes its lock for every byte.
     */
    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int end;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            this.in = socket.getInputStream();
        }

        Response read() throws IOException {
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException("not an HTTP/1.1 answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            boolean chunked = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                if (h.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (h.regionMatches(true, 0, "transfer-encoding:", 0, 18)
                        && h.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(bytes(size));
                    line();
                }
                line();
                return new Response(status, body.toByteArray());
            }
            if (length < 0) {
                throw new IOException("an answer without a length on a keep-alive connection");
            }
            return new Response(status, bytes(length));
        }

        private boolean fill() throws IOException {
            if (pos == end) {
                pos = 0;
                end = in.read(buf, 0, buf.length);
                if (end < 0) {
                    end = 0;
                    return false;
                }
            }
            return true;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            while (true) {
                if (!fill()) {
                    throw new IOException("the server closed the connection");
                }
                while (pos < end) {
                    byte c = buf[pos++];
                    if (c == '\n') {
                        return b.toString();
                    }
                    if (c != '\r') {
                        b.append((char) c);
                    }
                }
            }
        }

        private byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            int have = 0;
            while (have < n) {
                if (!fill()) {
                    throw new IOException("the server closed the connection");
                }
                int take = Math.min(n - have, end - pos);
                System.arraycopy(buf, pos, out, have, take);
                pos += take;
                have += take;
            }
            return out;
        }
    }
}
