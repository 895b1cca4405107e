package dev.castellan.core.ocsp;

import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.testkit.TestPki;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** A CA with a delegated responder made by {@link ResponderCertificates}, and OCSP requests built by BouncyCastle. */
final class OcspFixtures {
    final MemoryKeys keys = new MemoryKeys();
    final KeyRef caKey = keys.generate(KeyAlgorithm.EC_prime256v1);
    final X509Certificate ca = TestPki.root(keys.pair(caKey), "CN=OCSP Test Root,O=Castellan");
    final X509CertificateHolder caHolder = holder(ca);
    final ResponderIdentity responder = responder();

    private ResponderIdentity responder() {
        KeyRef key = keys.generate(KeyAlgorithm.EC_prime256v1);
        var subject = ResponderCertificates.subject(caHolder.getSubject());
        var request = ResponderCertificates.request(keys, key, SigningAlgorithm.SHA256WITHECDSA, subject);
        var builder = ResponderCertificates.assemble(request, caHolder.getSubject(), ca.getPublicKey(),
                TestPki.subjectKeyId(ca), TestPki.serial(), TestPki.NOW.minus(Duration.ofHours(1)),
                TestPki.NOW.plus(Duration.ofDays(30)));
        X509CertificateHolder cert = builder.build(new dev.castellan.core.x509.KeySigner(keys, caKey,
                SigningAlgorithm.SHA256WITHECDSA));
        return new ResponderIdentity(keys, key, SigningAlgorithm.SHA256WITHECDSA, cert);
    }

    static X509CertificateHolder holder(X509Certificate cert) {
        try {
            return new JcaX509CertificateHolder(cert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    CertificateID certificateId(ASN1ObjectIdentifier hash, X509CertificateHolder issuer, BigInteger serial) {
        try {
            DigestCalculator d = new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(hash));
            return new CertificateID(d, issuer, serial);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    CertificateID sha1(BigInteger serial) {
        return certificateId(CertId.IssuerHash.SHA1.oid(), caHolder, serial);
    }

    /** A DER request for the CertIDs, with a nonce of {@code nonceOctets} octets when it is not negative. */
    static byte[] request(int nonceOctets, CertificateID... ids) {
        OCSPReqBuilder b = new OCSPReqBuilder();
        for (CertificateID id : ids) {
            b.addRequest(id);
        }
        try {
            if (nonceOctets >= 0) {
                byte[] nonce = new byte[nonceOctets];
                java.util.Arrays.fill(nonce, (byte) 0x5a);
                b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                        new DEROctetString(nonce).getEncoded())));
            }
            return b.build().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
