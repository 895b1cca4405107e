package dev.castellan.core.crl;

import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.x509.KeySigner;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA key and certificate per algorithm, entries, and the independent decoders (JDK, openssl) CRL tests use. */
final class CrlFixtures {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private CrlFixtures() {}

    /** A CA: its key in a {@link JcaKeys} provider and a self-signed certificate with a subject key identifier. */
    record Ca(JcaKeys keys, KeyRef key, KeyAlgorithm keyAlgorithm, SigningAlgorithm signing, X509Certificate certificate) {
        KeyPair pair() {
            return keys.pair(key);
        }

        CrlIssuer issuer() {
            try {
                return CrlIssuer.of(certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }

        CrlHeader header(BigInteger number, List<String> idp) {
            return new CrlHeader(issuer().name(), KeySigner.algorithmIdentifier(signing), NOW, NOW.plusSeconds(7 * 86_400),
                    number, issuer().keyIdentifier(), idp);
        }

        StreamingKeySigner signer() {
            return new StreamingKeySigner(keys, key, signing);
        }
    }

    static SigningAlgorithm signingFor(KeyAlgorithm a) {
        return switch (a) {
            case RSA_2048, RSA_3072, RSA_4096 -> SigningAlgorithm.SHA256WITHRSA;
            case EC_prime256v1 -> SigningAlgorithm.SHA256WITHECDSA;
            case EC_secp384r1 -> SigningAlgorithm.SHA384WITHECDSA;
            case EC_secp521r1 -> SigningAlgorithm.SHA512WITHECDSA;
            case ML_DSA_44 -> SigningAlgorithm.ML_DSA_44;
            case ML_DSA_65 -> SigningAlgorithm.ML_DSA_65;
            case ML_DSA_87 -> SigningAlgorithm.ML_DSA_87;
        };
    }

    static Ca ca(KeyAlgorithm algorithm, String dn) {
        JcaKeys keys = new JcaKeys();
        KeyRef ref = keys.generate(algorithm);
        KeyPair pair = keys.pair(ref);
        SigningAlgorithm signing = signingFor(algorithm);
        try {
            X500Name name = new X500Name(dn);
            X509v3CertificateBuilder b = new X509v3CertificateBuilder(name, BigInteger.valueOf(7), Date.from(NOW.minusSeconds(86_400)),
                    Date.from(NOW.plusSeconds(3650L * 86_400)), name, SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            byte[] der = b.build(new JcaContentSignerBuilder(signing.jcaName()).build(pair.getPrivate())).getEncoded();
            return new Ca(keys, ref, algorithm, signing, certificate(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static CrlEntry entry(String serialHex, Instant at, RevocationReason reason) {
        return new CrlEntry(new Serial(new BigInteger(serialHex, 16)), at, reason);
    }

    static List<CrlEntry> mixedEntries(int n) {
        List<CrlEntry> out = new ArrayList<>();
        RevocationReason[] reasons = RevocationReason.values();
        for (int i = 0; i < n; i++) {
            BigInteger serial = BigInteger.valueOf(i * 7919L + 1).shiftLeft(i % 130);
            out.add(new CrlEntry(new Serial(serial), NOW.minusSeconds(i * 61L), reasons[i % reasons.length]));
        }
        return out;
    }

    static X509Certificate certificate(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static X509CRL jdkCrl(byte[] der) {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (CertificateException | CRLException e) {
            throw new AssertionError("the JDK cannot parse the CRL", e);
        }
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** {@code openssl crl -text}, verifying the signature against the CA certificate; fails if openssl does. */
    static String openssl(Ca ca, byte[] crl) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("castellan-crl-");
        try {
            Files.write(dir.resolve("crl.der"), crl);
            Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", ca.certificate().getEncoded()));
            Process p = new ProcessBuilder("openssl", "crl", "-inform", "DER", "-in", "crl.der", "-CAfile", "ca.pem",
                    "-noout", "-text").directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("openssl crl failed:\n" + out);
            }
            return out;
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }
}
