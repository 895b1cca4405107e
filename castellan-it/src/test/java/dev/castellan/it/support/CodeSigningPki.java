package dev.castellan.it.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.Validity;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * The code-signing workflow users follow with AWS Private CA and KMS, run against Castellan with the stock AWS SDK
 * and the {@code castellan} CLI: a root that issues and imports its own certificate, a PathLen0 subordinate, a
 * SIGN_VERIFY key in the key service with an alias, a CSR signed by that key ({@code castellan csr}), and a
 * CodeSigningCertificate/V1 from the subordinate. Files land in {@code dir}: root.pem, chain.pem, signer.csr,
 * signer.pem.
 */
public final class CodeSigningPki {
    private static final String T = "arn:aws:acm-pca:::template/";

    /** The two hierarchies of the issue: post-quantum and its classical twin. */
    public enum Flavor {
        ML_DSA_65(KeyAlgorithm.ML_DSA_65, SigningAlgorithm.ML_DSA_65, KeySpec.ML_DSA_65, "ML-DSA-65"),
        EC_P256(KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, KeySpec.ECC_NIST_P256, "ECDSA/SHA-256");

        final KeyAlgorithm caKey;
        public final SigningAlgorithm caSigning;
        final KeySpec kmsKey;
        /** How {@code codesign verify} names the signer's algorithm. */
        public final String display;

        Flavor(KeyAlgorithm caKey, SigningAlgorithm caSigning, KeySpec kmsKey, String display) {
            this.caKey = caKey;
            this.caSigning = caSigning;
            this.kmsKey = kmsKey;
            this.display = display;
        }
    }

    public final Flavor flavor;
    /** The prefix of every name in this hierarchy: CN=&lt;name&gt; Root, CN=&lt;name&gt; Issuing CA. */
    public final String name;
    public final Path dir;
    public final String rootArn;
    public final String subArn;
    public final String keyId;
    public final String alias;
    public final byte[] publicKey;
    public final String signerSubject;
    private final AcmPcaClient pca;

    private CodeSigningPki(Flavor flavor, String name, Path dir, AcmPcaClient pca, String rootArn, String subArn, String keyId,
            String alias, byte[] publicKey, String signerSubject) {
        this.flavor = flavor;
        this.name = name;
        this.dir = dir;
        this.pca = pca;
        this.rootArn = rootArn;
        this.subArn = subArn;
        this.keyId = keyId;
        this.alias = alias;
        this.publicKey = publicKey;
        this.signerSubject = signerSubject;
    }

    public static CodeSigningPki create(Path dir, ServerProcess server, AcmPcaClient pca, KmsClient kms, Flavor f,
            String name) throws Exception {
        Files.createDirectories(dir);
        String root = Pki.activeRoot(pca, f.caKey, f.caSigning, name + " Root");
        String rootPem = pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(root)).certificate();
        String sub = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.SUBORDINATE)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(f.caKey).signingAlgorithm(f.caSigning)
                        .subject(s -> s.commonName(name + " Issuing CA")))).certificateAuthorityArn();
        String subCsr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(sub)).csr();
        String subPem = issue(pca, root, subCsr, "SubordinateCACertificate_PathLen0/V1", f.caSigning,
                Validity.builder().type(ValidityPeriodType.YEARS).value(5L).build(), null);
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(sub).certificate(bytes(subPem))
                .certificateChain(bytes(rootPem)));
        Files.writeString(dir.resolve("root.pem"), rootPem);
        Files.writeString(dir.resolve("chain.pem"), subPem);

        String keyId = kms.createKey(r -> r.keySpec(f.kmsKey).keyUsage(KeyUsageType.SIGN_VERIFY)
                .description(name + " code signing")).keyMetadata().keyId();
        String alias = "alias/" + name.toLowerCase().replace(' ', '-') + "-codesign";
        kms.createAlias(r -> r.aliasName(alias).targetKeyId(keyId));
        byte[] spki = kms.getPublicKey(r -> r.keyId(keyId)).publicKey().asByteArray();

        String subject = "CN=" + name + " Code Signer,O=Castellan IT";
        Command.Result csr = CastellanCli.run(dir, server, "csr", "--key-id", alias, "--subject", subject)
                .requireSuccess();
        Files.writeString(dir.resolve("signer.csr"), csr.stdout());
        CodeSigningPki pki = new CodeSigningPki(f, name, dir, pca, root, sub, keyId, alias, spki, subject);
        pki.issueForKey("CodeSigningCertificate/V1", "signer.pem",
                Validity.builder().type(ValidityPeriodType.DAYS).value(365L).build(), null);
        return pki;
    }

    /** Has the subordinate certify the key service key (through signer.csr) with a template; writes {@code file}. */
    public Path issueForKey(String template, String file, Validity validity, Validity notBefore) throws Exception {
        String pem = issue(pca, subArn, Files.readString(dir.resolve("signer.csr")), template, flavor.caSigning,
                validity, notBefore);
        return Files.writeString(dir.resolve(file), pem);
    }

    /** Has the subordinate issue a certificate for any CSR, valid 30 days; returns the PEM. */
    public String issue(String csrPem, String template) {
        return issue(pca, subArn, csrPem, template, flavor.caSigning,
                Validity.builder().type(ValidityPeriodType.DAYS).value(30L).build(), null);
    }

    public Path path(String file) {
        return dir.resolve(file);
    }

    static String issue(AcmPcaClient pca, String ca, String csrPem, String template, SigningAlgorithm signing,
            Validity validity, Validity notBefore) {
        String arn = pca.issueCertificate(r -> r.certificateAuthorityArn(ca).csr(bytes(csrPem)).signingAlgorithm(signing)
                .templateArn(T + template).validity(validity).validityNotBefore(notBefore)).certificateArn();
        return pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(arn)).certificate();
    }

    static SdkBytes bytes(String pem) {
        return SdkBytes.fromString(pem, StandardCharsets.US_ASCII);
    }
}
