package dev.castellan.bench;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.castellan.server.client.SignatureV4Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A load generator in the manner of wrk and h2load: one thread drives every connection through a selector, so
 * that on a 2-core machine the load costs the server as little CPU and as few thread wake-ups as it can. Each
 * connection runs operations one after another; an operation is one or more signed AWS JSON requests (e.g.
 * IssueCertificate, then GetCertificate of the ARN it returned). Every request is real HTTP/1.1 with its own
 * Signature V4, made by Castellan's {@link SignatureV4Signer}, which the server verifies like any other.
 */
final class EventLoopLoad {
    /** One logical operation: its requests, each chosen after the previous answer. */
    interface Operation {
        /** The first request. */
        Request first();

        /** The request after {@code answer} (a 200 body), or null when the operation is complete. */
        Request next(String answer);
    }

    /** One signed POST: {@code X-Amz-Target} and JSON body. */
    record Request(String target, String json) {}

    private final URI endpoint;
    private final String hostHeader;
    private final Map<String, SignatureV4Signer> signers;
    private final Clock clock = Clock.systemUTC();

    EventLoopLoad(String endpoint, String accessKeyId, String secret) {
        this.endpoint = URI.create(endpoint + "/");
        this.hostHeader = endpoint.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        this.signers = LeanClient.signers(accessKeyId, secret);
    }

    /**
     * Runs operations on {@code connections} connections until {@code seconds} have passed (operations under way
     * then are finished); returns the latency of every completed operation in nanoseconds.
     */
    long[] run(int connections, int seconds, Supplier<Operation> operations) throws IOException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Connection> all = new ArrayList<>();
        long[] latencies = new long[1 << 16];
        int done = 0;
        try (Selector selector = Selector.open()) {
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                Connection c = new Connection(ch);
                c.key = ch.register(selector, 0, c);
                all.add(c);
                c.begin(operations.get());
            }
            int open = connections;
            while (open > 0) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection c = (Connection) key.attachment();
                    if (key.isValid() && key.isWritable()) {
                        c.flush();
                    }
                    if (key.isValid() && key.isReadable()) {
                        String answer = c.readAnswer();
                        if (answer == null) {
                            continue;
                        }
                        Request next = c.operation.next(answer);
                        if (next != null) {
                            c.send(next);
                            continue;
                        }
                        if (done == latencies.length) {
                            latencies = Arrays.copyOf(latencies, done * 2);
                        }
                        latencies[done++] = System.nanoTime() - c.started;
                        if (System.nanoTime() < deadline) {
                            c.begin(operations.get());
                        } else {
                            key.cancel();
                            c.channel.close();
                            open--;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (Connection c : all) {
                c.channel.close();
            }
        }
        return Arrays.copyOf(latencies, done);
    }

    private byte[] encode(Request r) {
        byte[] body = r.json().getBytes(UTF_8);
        String service = r.target().substring(0, r.target().indexOf('.'));
        Map<String, String> auth = signers.get(service).sign("POST", endpoint,
                Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target", r.target()), body, clock.instant());
        StringBuilder head = new StringBuilder(512).append("POST / HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: ").append(r.target());
        auth.forEach((k, v) -> head.append("\r\n").append(k).append(": ").append(v));
        head.append("\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(US_ASCII);
        byte[] out = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    /** One keep-alive connection and the operation it is running. */
    private final class Connection {
        final SocketChannel channel;
        SelectionKey key;
        Operation operation;
        long started;
        private ByteBuffer out;
        private ByteBuffer in = ByteBuffer.allocate(16384);

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void begin(Operation op) throws IOException {
            operation = op;
            started = System.nanoTime();
            send(op.first());
        }

        void send(Request r) throws IOException {
            out = ByteBuffer.wrap(encode(r));
            flush();
        }

        void flush() throws IOException {
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** Reads what has arrived; the body of a complete 200 answer, or null while it is incomplete. */
        String readAnswer() throws IOException {
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection");
            }
            byte[] data = in.array();
            int end = headerEnd(data, in.position());
            if (end < 0) {
                grow();
                return null;
            }
            String head = new String(data, 0, end, US_ASCII);
            int length = contentLength(head);
            if (in.position() < end + 4 + length) {
                if (end + 4 + length > in.capacity()) {
                    in = ByteBuffer.allocate(end + 4 + length).put(in.flip());
                }
                return null;
            }
            String body = new String(data, end + 4, length, UTF_8);
            int extra = in.position() - (end + 4 + length);
            if (extra != 0) {
                throw new IOException("the server answered more than it was asked");
            }
            in.clear();
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("answered " + head.lines().findFirst().orElse("") + ": " + body);
            }
            return body;
        }

        private void grow() {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
        }

        private static int headerEnd(byte[] data, int limit) {
            for (int i = 3; i < limit; i++) {
                if (data[i] == '\n' && data[i - 1] == '\r' && data[i - 2] == '\n' && data[i - 3] == '\r') {
                    return i - 3;
                }
            }
            return -1;
        }

        /** Scans the header lines in place: splitting them into strings was a tenth of the load generator's CPU. */
        private static int contentLength(String head) throws IOException {
            for (int start = 0; start < head.length(); ) {
                int end = head.indexOf("\r\n", start);
                if (end < 0) {
                    end = head.length();
                }
                if (head.regionMatches(true, start, "content-length:", 0, 15)) {
                    return Integer.parseInt(head.substring(start + 15, end).trim());
                }
                start = end + 2;
            }
            throw new IOException("an answer without Content-Length: " + head);
        }
    }
}
