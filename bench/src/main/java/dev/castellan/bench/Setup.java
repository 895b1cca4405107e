package dev.castellan.bench;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/** Creates benchmark CAs the way a user does: a ROOT CA issues its own certificate and imports it. */
final class Setup {
    private Setup() {}

    static String activeRoot(AcmPcaClient pca, String alg) {
        String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.fromValue(alg))
                        .signingAlgorithm(signing(alg)).subject(s -> s.commonName("Bench Root " + alg))))
                .certificateAuthorityArn();
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
        String certArn = pca.issueCertificate(r -> r.certificateAuthorityArn(arn)
                .csr(SdkBytes.fromString(csr, StandardCharsets.US_ASCII)).signingAlgorithm(signing(alg))
                .templateArn("arn:aws:acm-pca:::template/RootCACertificate/V1")
                .validity(v -> v.type(ValidityPeriodType.YEARS).value(10L))).certificateArn();
        String cert = pca.getCertificate(r -> r.certificateAuthorityArn(arn).certificateArn(certArn)).certificate();
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromString(cert, StandardCharsets.US_ASCII)));
        return arn;
    }

    static SigningAlgorithm signing(String alg) {
        return switch (alg) {
            case "RSA_2048" -> SigningAlgorithm.SHA256_WITHRSA;
            case "EC_prime256v1" -> SigningAlgorithm.SHA256_WITHECDSA;
            default -> SigningAlgorithm.fromValue(alg);
        };
    }

    static String jcaSignature(String alg) {
        return switch (alg) {
            case "RSA_2048" -> "SHA256withRSA";
            case "EC_prime256v1" -> "SHA256withECDSA";
            default -> alg.replace("ML_DSA_", "ML-DSA-");
        };
    }
}
