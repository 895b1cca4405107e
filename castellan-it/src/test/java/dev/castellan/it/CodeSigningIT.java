package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.CastellanCli;
import dev.castellan.it.support.Clients;
import dev.castellan.it.support.CodeSigningPki;
import dev.castellan.it.support.CodeSigningPki.Flavor;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.IndependentVerifier;
import dev.castellan.it.support.SeedKeyCsr;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import dev.castellan.server.client.ClientSettings;
import dev.castellan.server.client.KmsJsonClient;
import dev.castellan.server.codesign.KmsSigningKey;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Post-quantum code signing end to end, with the stock AWS SDK for Java v2 and the {@code castellan} CLI against a
 * real server: ML-DSA-65 root and subordinate, an ML-DSA-65 key in the key service, a CSR the key service signs, a
 * CodeSigningCertificate/V1, a detached CMS signature made through the KMS API and verified offline — and the same
 * with ECDSA P-256. Every signature is also judged by verifiers Castellan does not use: Python {@code cryptography}
 * (its own CMS walk) and, for ECDSA, {@code openssl cms -verify}. Tampering is in {@link CodeSigningTamperIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeSigningIT {
    Path tmp;
    ServerProcess server;
    AcmPcaClient pca;
    KmsClient kms;
    final Map<Flavor, CodeSigningPki> pkis = new EnumMap<>(Flavor.class);

    @BeforeAll
    void start() throws Exception {
        tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        pca = Clients.acmPca(server);
        kms = Clients.kms(server);
        pkis.put(Flavor.ML_DSA_65, CodeSigningPki.create(tmp.resolve("pq"), server, pca, kms, Flavor.ML_DSA_65, "PQ"));
        pkis.put(Flavor.EC_P256, CodeSigningPki.create(tmp.resolve("ec"), server, pca, kms, Flavor.EC_P256, "EC"));
        Files.write(tmp.resolve("cms_check.py"), Objects.requireNonNull(
                getClass().getResourceAsStream("/cms_check.py")).readAllBytes());
    }

    @AfterAll
    void stop() throws Exception {
        pca.close();
        kms.close();
        server.close();
    }

    Command.Result cli(String... args) throws Exception {
        return CastellanCli.run(tmp, server, args);
    }

    Command.Result python(Path content, Path signature, Path... roots) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", "cms_check.py", content.toString(), signature.toString()));
        for (Path r : roots) {
            cmd.add(r.toString());
        }
        return Command.run(tmp, Map.of(), cmd);
    }

    Path binary(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new SecureRandom().nextBytes(b);
        return Files.write(tmp.resolve(name), b);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void codesign_kmsKeyByAlias_verifiesWithCastellanPythonAndOpenssl(Flavor flavor) throws Exception {
        CodeSigningPki pki = pkis.get(flavor);
        Path app = binary("app-" + flavor + ".bin", 300_000);
        Path sig = tmp.resolve("app-" + flavor + ".bin.p7s");

        Command.Result signed = cli("codesign", "sign", "--key-id", pki.alias, "--cert", pki.path("signer.pem").toString(),
                "--chain", pki.path("chain.pem").toString(), "--in", app.toString(), "--out", sig.toString());
        Command.Result verified = cli("codesign", "verify", "--trust", pki.path("root.pem").toString(), "--in",
                app.toString(), "--sig", sig.toString());

        assertThat(signed.requireSuccess().stderr()).as("no warnings for a proper code-signing certificate").isEmpty();
        String chain = pki.signerSubject + " <- CN=" + pki.name + " Issuing CA <- CN=" + pki.name + " Root";
        assertThat(verified.requireSuccess().stdout()).matches("signature 1 \\(\\Q" + flavor.display + ", "
                + pki.signerSubject + "\\E\\): valid, signed \\S+Z, chain \\Q" + chain + "\\E\n"
                + "verified: 1 of 1 signature valid\n");
        assertThat(python(app, sig, pki.path("root.pem")).requireSuccess().stdout())
                .contains("ok signer 1 ").contains("ok certificate " + pki.signerSubject)
                .contains("ok root CN=" + pki.name + " Root self-signed");
        if (flavor == Flavor.EC_P256) {
            Command.Result openssl = Command.run(tmp, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
                    sig.toString(), "-content", app.toString(), "-CAfile", pki.path("root.pem").toString(), "-purpose",
                    "any", "-out", "/dev/null");
            assertThat(openssl.requireSuccess().stderr()).contains("Verification successful");
        }
    }

    /**
     * Every ML-DSA signature of the workflow made by the key service, checked by Python {@code cryptography}: the CSR
     * (KMS Sign RAW through {@code castellan csr}), and the client's signing of data over the RAW limit (EXTERNAL_MU
     * with μ computed client-side). Certificates and CMS signer infos are checked by cms_check.py above.
     */
    @Test
    void mlDsa_csrRawAndExternalMuSignatures_verifyInPythonCryptography() throws Exception {
        CodeSigningPki pki = pkis.get(Flavor.ML_DSA_65);
        IndependentVerifier python = new IndependentVerifier(tmp.resolve("independent"));
        PKCS10CertificationRequest csr;
        try (PemReader r = new PemReader(Files.newBufferedReader(pki.path("signer.csr")))) {
            csr = new PKCS10CertificationRequest(r.readPemObject().getContent());
        }
        python.queueForPython(pki.publicKey, csr.toASN1Structure().getCertificationRequestInfo().getEncoded(ASN1Encoding.DER),
                csr.getSignature(), true);

        KmsJsonClient client = new KmsJsonClient(new ClientSettings(URI.create(server.endpoint()), "us-east-1",
                server.accessKeyId(), server.secretAccessKey(), null, null, "the test"), InstantSource.system());
        KmsSigningKey key = KmsSigningKey.open(client, pki.alias, null);
        byte[] small = new byte[4096]; // the largest RAW message KMS signs
        byte[] large = new byte[4097]; // one byte more: the client must send μ instead
        new SecureRandom().nextBytes(small);
        new SecureRandom().nextBytes(large);
        byte[] rawSignature = key.sign(small);
        byte[] muSignature = key.sign(large);
        python.queueForPython(pki.publicKey, small, rawSignature, true);
        python.queueForPython(pki.publicKey, large, muSignature, true);
        large[0] ^= 1;
        python.queueForPython(pki.publicKey, large, muSignature, false);

        assertThat(python.runPython()).isEqualTo(4);
    }

    @Test
    void codesign_dualEcdsaAndMlDsa_reportsBothAndRequireAllAccepts() throws Exception {
        CodeSigningPki ec = pkis.get(Flavor.EC_P256);
        CodeSigningPki pq = pkis.get(Flavor.ML_DSA_65);
        Path app = binary("dual.bin", 50_000);
        Path sig = tmp.resolve("dual.bin.p7s");
        Path chains = Files.writeString(tmp.resolve("dual-chain.pem"),
                Files.readString(ec.path("chain.pem")) + Files.readString(pq.path("chain.pem")));
        Path roots = Files.writeString(tmp.resolve("dual-roots.pem"),
                Files.readString(ec.path("root.pem")) + Files.readString(pq.path("root.pem")));

        cli("codesign", "sign", "--key-id", ec.alias, "--cert", ec.path("signer.pem").toString(), "--chain",
                chains.toString(), "--second-key-id", pq.alias, "--second-cert", pq.path("signer.pem").toString(),
                "--in", app.toString(), "--out", sig.toString()).requireSuccess();
        Command.Result verified = cli("codesign", "verify", "--trust", roots.toString(), "--in", app.toString(),
                "--sig", sig.toString(), "--require-all");

        assertThat(verified.requireSuccess().stdout().lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).startsWith("signature 1 (ECDSA/SHA-256, " + ec.signerSubject + "): valid");
            assertThat(lines.get(1)).startsWith("signature 2 (ML-DSA-65, " + pq.signerSubject + "): valid");
            assertThat(lines.get(2)).isEqualTo("verified: 2 of 2 signatures valid");
        });
        assertThat(python(app, sig, ec.path("root.pem"), pq.path("root.pem")).requireSuccess().stdout())
                .contains("ok signer 1 ECPublicKey sha256").contains("ok signer 2 MLDSA65PublicKey sha512");
    }

    /** PKCS#8 key files made by openssl, certified by the ECDSA subordinate; openssl then verifies the signature. */
    @ParameterizedTest
    @CsvSource({"EC, ec_paramgen_curve:P-256, ECDSA/SHA-256", "RSA, rsa_keygen_bits:3072, RSA/SHA-256"})
    void codesign_opensslKeyFile_signsWithoutTheServerAndOpensslVerifies(String algorithm, String option,
            String display) throws Exception {
        CodeSigningPki ec = pkis.get(Flavor.EC_P256);
        Path key = tmp.resolve(algorithm + "-file-signer.key");
        Path csr = tmp.resolve(algorithm + "-file-signer.csr");
        Path cert = tmp.resolve(algorithm + "-file-signer.pem");
        Command.run(tmp, "openssl", "genpkey", "-algorithm", algorithm, "-pkeyopt", option, "-out", key.toString())
                .requireSuccess();
        Command.run(tmp, "openssl", "req", "-new", "-key", key.toString(), "-subj", "/CN=File Signer " + algorithm,
                "-out", csr.toString()).requireSuccess();
        Files.writeString(cert, ec.issue(Files.readString(csr), "CodeSigningCertificate/V1"));
        Path app = binary(algorithm + "-file.bin", 10_000);
        Path sig = tmp.resolve(algorithm + "-file.bin.p7s");
        Map<String, String> noServer = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_CONFIG_FILE", "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

        CastellanCli.run(tmp, noServer, "codesign", "sign", "--key-file", key.toString(), "--cert", cert.toString(),
                "--chain", ec.path("chain.pem").toString(), "--in", app.toString(), "--out", sig.toString())
                .requireSuccess();

        assertThat(CastellanCli.run(tmp, noServer, "codesign", "verify", "--trust", ec.path("root.pem").toString(),
                "--in", app.toString(), "--sig", sig.toString()).requireSuccess().stdout())
                .startsWith("signature 1 (" + display + ", CN=File Signer " + algorithm + "): valid");
        assertThat(Command.run(tmp, "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(),
                "-content", app.toString(), "-CAfile", ec.path("root.pem").toString(), "-purpose", "any", "-out",
                "/dev/null").requireSuccess().stderr()).contains("Verification successful");
        assertThat(python(app, sig, ec.path("root.pem")).requireSuccess().stdout()).contains("ok signer 1 ");
    }

    /**
     * A dual signature from two key files alone: the RSA key above and an ML-DSA-65 key that Python
     * {@code cryptography} wrote in the seed-only PKCS#8 form (RFC 9881), certified by the ML-DSA subordinate.
     */
    @Test
    void codesign_dualFromKeyFilesIncludingAnMlDsaSeedKey_verifiesWithRequireAll() throws Exception {
        CodeSigningPki pq = pkis.get(Flavor.ML_DSA_65);
        CodeSigningPki ec = pkis.get(Flavor.EC_P256);
        Path pqKey = tmp.resolve("seed.key");
        Command.run(tmp, "python3", "-c", "from cryptography.hazmat.primitives.asymmetric import mldsa;"
                + "from cryptography.hazmat.primitives import serialization as s;"
                + "open('seed.key','wb').write(mldsa.MLDSA65PrivateKey.generate().private_bytes("
                + "s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption()))").requireSuccess();
        Path pqCert = Files.writeString(tmp.resolve("seed.pem"), pq.issue(SeedKeyCsr.pem(pqKey, "CN=Seed Key Signer"),
                "CodeSigningCertificate/V1"));
        Path ecKey = tmp.resolve("dual-ec.key");
        Command.run(tmp, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out",
                ecKey.toString()).requireSuccess();
        Command.run(tmp, "openssl", "req", "-new", "-key", ecKey.toString(), "-subj", "/CN=P-384 File Signer", "-out",
                tmp.resolve("dual-ec.csr").toString()).requireSuccess();
        Path ecCert = Files.writeString(tmp.resolve("dual-ec.pem"), ec.issue(Files.readString(tmp.resolve("dual-ec.csr")),
                "CodeSigningCertificate/V1"));
        Path chains = Files.writeString(tmp.resolve("files-chain.pem"),
                Files.readString(ec.path("chain.pem")) + Files.readString(pq.path("chain.pem")));
        Path roots = Files.writeString(tmp.resolve("files-roots.pem"),
                Files.readString(ec.path("root.pem")) + Files.readString(pq.path("root.pem")));
        Path app = binary("files-dual.bin", 20_000);
        Path sig = tmp.resolve("files-dual.bin.p7s");

        CastellanCli.run(tmp, Map.of("AWS_CONFIG_FILE", "/dev/null"), "codesign", "sign", "--key-file",
                ecKey.toString(), "--cert", ecCert.toString(), "--second-key-file", pqKey.toString(), "--second-cert",
                pqCert.toString(), "--chain", chains.toString(), "--in", app.toString(), "--out", sig.toString())
                .requireSuccess();

        assertThat(cli("codesign", "verify", "--trust", roots.toString(), "--in", app.toString(), "--sig",
                sig.toString(), "--require-all").requireSuccess().stdout().lines().toList()).satisfies(lines -> {
                    assertThat(lines.get(0)).startsWith("signature 1 (ECDSA/SHA-384, CN=P-384 File Signer): valid");
                    assertThat(lines.get(1)).startsWith("signature 2 (ML-DSA-65, CN=Seed Key Signer): valid");
                });
        assertThat(python(app, sig, ec.path("root.pem"), pq.path("root.pem")).requireSuccess().stdout())
                .contains("ok signer 1 ECPublicKey sha384").contains("ok signer 2 MLDSA65PublicKey sha512");
    }
}
