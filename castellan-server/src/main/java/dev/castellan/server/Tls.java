package dev.castellan.server;

import io.javalin.config.JavalinConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS for the API from a PEM certificate chain and private key, the files operators already have. */
final class Tls {
    private Tls() {}

    static void configure(JavalinConfig c, ServerConfig config) {
        KeyStore keyStore = keyStore(config);
        c.jetty.addConnector((server, httpConfig) -> {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keyStore);
            ssl.setKeyStorePassword("");
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            httpConfig.addCustomizer(new SecureRequestCustomizer());
            ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            connector.setHost(config.host());
            connector.setPort(config.port());
            return connector;
        });
    }

    private static KeyStore keyStore(ServerConfig config) {
        try {
            List<Certificate> chain = new ArrayList<>();
            try (var in = Files.newInputStream(config.tlsCertificate())) {
                chain.addAll(java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("--tls-cert " + config.tlsCertificate() + " holds no certificate");
            }
            PrivateKey key;
            try (Reader r = Files.newBufferedReader(config.tlsPrivateKey()); PEMParser p = new PEMParser(r)) {
                Object o = p.readObject();
                JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
                key = switch (o) {
                    case PrivateKeyInfo info -> conv.getPrivateKey(info);
                    case PEMKeyPair pair -> conv.getKeyPair(pair).getPrivate();
                    case null, default -> throw new IllegalArgumentException(
                            "--tls-key " + config.tlsPrivateKey() + " is not an unencrypted PEM private key");
                };
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("castellan", key, new char[0], chain.toArray(Certificate[]::new));
            return ks;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS certificate and key: " + e.getMessage(), e);
        }
    }
}
