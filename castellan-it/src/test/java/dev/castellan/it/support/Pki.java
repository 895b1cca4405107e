package dev.castellan.it.support;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/** Small PKI chores for tests: client CSRs, and an active root CA made the way users make one. */
public final class Pki {
    private Pki() {}

    public static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    public static SdkBytes csr(String subject, KeyPair key) throws Exception {
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
            pw.writeObject(csr);
        }
        return SdkBytes.fromString(w.toString(), StandardCharsets.US_ASCII);
    }

    /** A ROOT CA that issued its own certificate with RootCACertificate/V1 and imported it. */
    public static String activeRoot(AcmPcaClient pca, KeyAlgorithm key, SigningAlgorithm signing, String cn) {
        String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(key).signingAlgorithm(signing)
                        .subject(s -> s.commonName(cn)))).certificateAuthorityArn();
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
        String certArn = pca.issueCertificate(r -> r.certificateAuthorityArn(arn)
                .csr(SdkBytes.fromString(csr, StandardCharsets.US_ASCII)).signingAlgorithm(signing)
                .templateArn("arn:aws:acm-pca:::template/RootCACertificate/V1")
                .validity(v -> v.type(ValidityPeriodType.YEARS).value(10L))).certificateArn();
        String cert = pca.getCertificate(r -> r.certificateAuthorityArn(arn).certificateArn(certArn)).certificate();
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromString(cert, StandardCharsets.US_ASCII)));
        return arn;
    }
}
