package dev.castellan.core.x509;

import dev.castellan.core.testkit.TestPki;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds certificate DER field by field, so a test fixture can carry exactly the defect it is named after
 * (repeated extensions, negative serials, mismatched algorithms) that BouncyCastle's builders and the JDK refuse.
 * It starts as a clean end-entity certificate issued by {@code issuer}.
 */
final class RawCertificateBuilder {
    int version = 3;
    BigInteger serial = new BigInteger("0123456789abcdef0123456789abcdef", 16);
    X500Name issuerName;
    X500Name subject = new X500Name("O=Castellan Test,CN=leaf.example.com");
    Time notBefore = time(TestPki.NOW.minus(Duration.ofHours(1)));
    Time notAfter = time(TestPki.NOW.plus(Duration.ofDays(30)));
    SubjectPublicKeyInfo publicKey;
    AlgorithmIdentifier tbsAlgorithm;
    final List<Extension> extensions = new ArrayList<>();
    private final KeyPair issuerKey;

    RawCertificateBuilder(KeyPair issuerKey, X509Certificate issuer, KeyPair subjectKey) {
        this.issuerKey = issuerKey;
        this.issuerName = TestPki.name(issuer);
        this.publicKey = SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded());
        extensions.add(ext(Extension.basicConstraints, false, new BasicConstraints(false)));
        extensions.add(ext(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        extensions.add(ext(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth)));
        extensions.add(ext(Extension.subjectKeyIdentifier, false,
                new SubjectKeyIdentifier(ExtensionValues.keyIdentifier(publicKey))));
        extensions.add(ext(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(TestPki.subjectKeyId(issuer))));
        extensions.add(ext(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "leaf.example.com"))));
    }

    static Time time(Instant t) {
        return new Time(Date.from(t));
    }

    static Extension ext(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        return ExtensionValues.extension(oid, critical, value);
    }

    /** Replaces every occurrence of the extension with {@code e}, or removes it when {@code e} is null. */
    RawCertificateBuilder set(ASN1ObjectIdentifier oid, Extension e) {
        int at = -1;
        for (int i = extensions.size() - 1; i >= 0; i--) {
            if (extensions.get(i).getExtnId().equals(oid)) {
                extensions.remove(i);
                at = i;
            }
        }
        if (e != null) {
            extensions.add(at < 0 ? extensions.size() : at, e);
        }
        return this;
    }

    byte[] der() {
        try {
            ContentSigner signer = TestPki.signer(issuerKey);
            ASN1EncodableVector tbs = new ASN1EncodableVector();
            if (version != 1) {
                tbs.add(new DERTaggedObject(true, 0, new ASN1Integer(version - 1)));
            }
            tbs.add(new ASN1Integer(serial));
            tbs.add(tbsAlgorithm != null ? tbsAlgorithm : signer.getAlgorithmIdentifier());
            tbs.add(issuerName);
            tbs.add(new DERSequence(new ASN1Encodable[] {notBefore, notAfter}));
            tbs.add(subject);
            tbs.add(publicKey);
            if (!extensions.isEmpty()) {
                tbs.add(new DERTaggedObject(true, 3, new DERSequence(extensions.toArray(ASN1Encodable[]::new))));
            }
            DERSequence tbsSequence = new DERSequence(tbs);
            try (OutputStream out = signer.getOutputStream()) {
                out.write(tbsSequence.getEncoded(ASN1Encoding.DER));
            }
            return new DERSequence(new ASN1Encodable[] {tbsSequence, signer.getAlgorithmIdentifier(),
                    new DERBitString(signer.getSignature())}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
