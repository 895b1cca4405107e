package dev.castellan.core.cms;

import dev.castellan.core.testkit.TestPki;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A root, an intermediate and code-signing leaves of one algorithm, made with JDK keys and BouncyCastle encoding
 * (no Castellan code), valid around {@link TestPki#NOW}.
 */
final class CodeSigningFixture {
    static final Instant NOW = TestPki.NOW;

    final String algorithm;
    final KeyPair rootKey;
    final KeyPair subKey;
    final X509Certificate root;
    final X509Certificate sub;

    private CodeSigningFixture(String algorithm, String prefix) throws Exception {
        this.algorithm = algorithm;
        this.rootKey = newKey(algorithm);
        this.subKey = newKey(algorithm);
        this.root = ca(prefix + " Root", rootKey, null, null, 1);
        this.sub = ca(prefix + " Issuing CA", subKey, root, rootKey, 0);
    }

    /** {@code algorithm} is a JCA curve ("secp256r1"), "RSA-2048" or an ML-DSA parameter set ("ML-DSA-65"). */
    static CodeSigningFixture create(String algorithm, String prefix) throws Exception {
        return new CodeSigningFixture(algorithm, prefix);
    }

    static KeyPair newKey(String algorithm) {
        if (algorithm.startsWith("ML-DSA")) {
            return TestPki.mlDsaKey(algorithm);
        }
        if (algorithm.startsWith("RSA-")) {
            return TestPki.rsaKey(Integer.parseInt(algorithm.substring(4)));
        }
        return TestPki.ecKey(algorithm);
    }

    KeyPair newKey() {
        return newKey(algorithm);
    }

    /** A code-signing leaf valid NOW-1d .. NOW+365d. */
    X509Certificate codeSigner(String cn, KeyPair key) throws Exception {
        return leaf(cn, key, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)), KeyPurposeId.id_kp_codeSigning);
    }

    X509Certificate leaf(String cn, KeyPair key, Instant notBefore, Instant notAfter, KeyPurposeId purpose) throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(sub, TestPki.serial(), Date.from(notBefore),
                Date.from(notAfter), new X500Name("CN=" + cn), key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(purpose))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(sub));
        return TestPki.sign(b, subKey);
    }

    private static X509Certificate ca(String cn, KeyPair key, X509Certificate issuer, KeyPair issuerKey, int pathLength)
            throws Exception {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X500Name subject = new X500Name("CN=" + cn);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuer == null ? subject : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                TestPki.serial(), Date.from(NOW.minus(Duration.ofDays(30))), Date.from(NOW.plus(Duration.ofDays(3650))),
                subject, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
        if (issuer != null) {
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuer));
        }
        return TestPki.sign(b, issuerKey == null ? key : issuerKey);
    }

    /** A signing key held in this JVM, signing with the JDK. */
    static CmsSigningKey jdkKey(PrivateKey key, SignerAlgorithm algorithm) {
        return new CmsSigningKey() {
            @Override
            public SignerAlgorithm algorithm() {
                return algorithm;
            }

            @Override
            public byte[] sign(byte[] signedAttributes) {
                try {
                    Signature s = Signature.getInstance(algorithm.jcaName());
                    s.initSign(key);
                    s.update(signedAttributes);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    static DetachedSignatureWriter.Signer signer(KeyPair key, X509Certificate cert) {
        return new DetachedSignatureWriter.Signer(jdkKey(key.getPrivate(), SignerAlgorithm.forKey(key.getPublic())), cert);
    }
}
