package dev.castellan.core.testkit;

import dev.castellan.core.x509.CertificateAssembler;
import dev.castellan.core.x509.CertificateTemplate;
import dev.castellan.core.x509.IssuanceInput;
import dev.castellan.core.x509.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** Real keys, CSRs and certificates for tests: JDK key generation and signing, BouncyCastle encoding. */
public final class TestPki {
    /** The pinned "now" of every test; nothing reads a clock. */
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {}

    public static KeyPair ecKey(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair p256() {
        return ecKey("secp256r1");
    }

    public static KeyPair rsaKey(int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits, RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An ML-DSA key from the JDK's own provider ("ML-DSA-44", "ML-DSA-65", "ML-DSA-87"). */
    public static KeyPair mlDsaKey(String parameterSet) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("ML-DSA");
            g.initialize(new NamedParameterSpec(parameterSet), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JCA signature algorithm a key signs with in these tests. */
    public static String signatureAlgorithm(PublicKey key) {
        String alg = key.getAlgorithm();
        return switch (alg) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getEncoded());
                yield switch (spki.getAlgorithm().getAlgorithm().getId()) {
                    case "2.16.840.1.101.3.4.3.17" -> "ML-DSA-44";
                    case "2.16.840.1.101.3.4.3.18" -> "ML-DSA-65";
                    case "2.16.840.1.101.3.4.3.19" -> "ML-DSA-87";
                    default -> throw new IllegalArgumentException("no test signature algorithm for " + alg);
                };
            }
        };
    }

    public static ContentSigner signer(KeyPair key) {
        return signer(key.getPrivate(), signatureAlgorithm(key.getPublic()), null);
    }

    /** A ContentSigner over a JCA {@link Signature}, optionally of a given provider. */
    public static ContentSigner signer(PrivateKey key, String algorithm, Provider provider) {
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return buffer;
            }

            @Override
            public byte[] getSignature() {
                try {
                    Signature s = provider == null ? Signature.getInstance(algorithm) : Signature.getInstance(algorithm, provider);
                    s.initSign(key);
                    s.update(buffer.toByteArray());
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    public static PKCS10CertificationRequest csr(KeyPair key, X500Name subject, Extensions requested) {
        return csr(key, subject, requested, signer(key));
    }

    public static PKCS10CertificationRequest csr(KeyPair key, X500Name subject, Extensions requested, ContentSigner signer) {
        PKCS10CertificationRequestBuilder b =
                new PKCS10CertificationRequestBuilder(subject, SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()));
        if (requested != null) {
            b.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested);
        }
        return b.build(signer);
    }

    public static byte[] pem(PKCS10CertificationRequest csr) {
        try {
            return Pem.encode("CERTIFICATE REQUEST", csr.getEncoded()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKey) {
        return toJdk(builder.build(signer(issuerKey)));
    }

    /** Re-parses with the JDK's CertificateFactory, the decoder independent of BouncyCastle. */
    public static X509Certificate toJdk(X509CertificateHolder holder) {
        try {
            return Pem.certificate(holder.getEncoded());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509Certificate toJdk(byte[] der) {
        try {
            return Pem.certificate(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed root made by {@link CertificateAssembler} with RootCACertificate/V1, valid NOW-1d..NOW+10y. */
    public static X509Certificate root(KeyPair key, String dn) {
        X500Name name = new X500Name(dn);
        IssuanceInput in = new IssuanceInput(csr(key, name, null),
                CertificateTemplate.fromArn(CertificateTemplate.ARN_PREFIX + "RootCACertificate/V1").orElseThrow(),
                null, name, key.getPublic(), null, true, serial(), NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(3650)), List.of(), null, null);
        return sign(CertificateAssembler.assemble(in), key);
    }

    public static BigInteger serial() {
        return new BigInteger(127, RANDOM).setBit(126);
    }

    public static byte[] subjectKeyId(X509Certificate cert) {
        byte[] v = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return v == null ? null : SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(v).getOctets()).getKeyIdentifier();
    }

    public static X500Name name(X509Certificate cert) {
        return X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
    }
}
