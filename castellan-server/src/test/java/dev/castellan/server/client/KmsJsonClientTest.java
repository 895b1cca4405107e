package dev.castellan.server.client;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/**
 * How the client fails when the server is not there or is not Castellan; its successful calls are exercised
 * against a real server by the integration tests.
 */
class KmsJsonClientTest {
    static KmsJsonClient client(String endpoint) {
        return new KmsJsonClient(new ClientSettings(URI.create(endpoint), "us-east-1", "AKID", "secret", null, null,
                "a test"), InstantSource.system());
    }

    @Test
    void getPublicKey_nothingListening_saysTheServerIsNotRunning() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;

        assertThatThrownBy(() -> client(endpoint).getPublicKey("alias/release"))
                .isInstanceOf(ClientException.class)
                .hasMessage("cannot reach the Castellan server at " + endpoint + ": connection refused; is"
                        + " `./castellan serve` running?")
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((ClientException) e).kind())
                        .isEqualTo(ClientException.Kind.UNREACHABLE));
    }

    @Test
    void sign_serverThatIsNotCastellan_saysSoInsteadOfParsingHtml() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html>Not Found</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            String endpoint = "http://127.0.0.1:" + other.getAddress().getPort();
            assertThatThrownBy(() -> client(endpoint).sign("alias/release", new byte[32], "DIGEST", "ECDSA_SHA_256"))
                    .isInstanceOf(ClientException.class)
                    .hasMessage("the server at " + endpoint + " answered HTTP 404 without an AWS error; is the endpoint a"
                            + " Castellan server?");
        } finally {
            other.stop(0);
        }
    }
}
