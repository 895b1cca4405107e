package dev.castellan.server;

import dev.castellan.pkix.http.PkixDistribution;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.io.UncheckedIOException;

/**
 * Mounts the CRL and CA certificate distribution point on Javalin: every {@code GET} of a path ending in {@code .crl}
 * or {@code .crt}, whatever the host (a CRL's CustomCname may point here) and whatever comes before.
 */
final class PkixRoutes {
    private PkixRoutes() {}

    static void mount(JavalinConfig c, PkixDistribution pkix) {
        c.routes.get("/<path>.crl", ctx -> serve(ctx, pkix));
        c.routes.get("/<path>.crt", ctx -> serve(ctx, pkix));
    }

    private static void serve(Context ctx, PkixDistribution pkix) {
        PkixDistribution.Response r = pkix.get(ctx.path(), ctx.header("If-None-Match"));
        ctx.status(r.status());
        r.headers().forEach(ctx::header);
        ctx.result(r.body());
    }

    /**
     * The base URL certificates point at: {@code --public-url}, else this server's own endpoint. With port 0 and no
     * public URL the port must be known before the authority is wired, so a free one is chosen first.
     */
    static String publicUrl(ServerConfig config, int port) {
        if (config.publicUrl() != null) {
            return config.publicUrl();
        }
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return (config.tlsEnabled() ? "https" : "http") + "://" + host + ":" + port;
    }

    /** The port to bind: the configured one, or a free one when it is 0 and the public URL must name it. */
    static int port(ServerConfig config) {
        if (config.port() != 0 || config.publicUrl() != null) {
            return config.port();
        }
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(config.host()))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + config.host(), e);
        }
    }
}
