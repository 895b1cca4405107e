package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.it.support.CastellanCli;
import dev.castellan.it.support.Clients;
import dev.castellan.it.support.CodeSigningPki;
import dev.castellan.it.support.CodeSigningPki.Flavor;
import dev.castellan.it.support.Command;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.Validity;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What {@code castellan codesign verify} says about an ML-DSA-65 code signature that is not what was signed: one
 * flipped byte in the file, the signature or the chain, the wrong root, an expired certificate, a certificate for
 * another purpose — each refused with exit code 1 and its own sentence, asserted word for word. And what the client commands say when the
 * server is not there or the credentials are wrong.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodeSigningTamperIT {
    Path tmp;
    ServerProcess server;
    AcmPcaClient pca;
    KmsClient kms;
    CodeSigningPki pq;
    CodeSigningPki ec;
    Path app;
    Path sig;

    @BeforeAll
    void start() throws Exception {
        tmp = WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), null);
        pca = Clients.acmPca(server);
        kms = Clients.kms(server);
        pq = CodeSigningPki.create(tmp.resolve("pq"), server, pca, kms, Flavor.ML_DSA_65, "Tamper PQ");
        ec = CodeSigningPki.create(tmp.resolve("ec"), server, pca, kms, Flavor.EC_P256, "Tamper EC");
        byte[] content = new byte[100_000];
        new SecureRandom().nextBytes(content);
        app = Files.write(tmp.resolve("app.bin"), content);
        sig = sign("signer.pem", "app.bin.p7s").path;
    }

    @AfterAll
    void stop() throws Exception {
        pca.close();
        kms.close();
        server.close();
    }

    record Signed(Path path, String warnings) {}

    Signed sign(String cert, String out) throws Exception {
        Command.Result r = CastellanCli.run(tmp, server, "codesign", "sign", "--key-id", pq.alias, "--cert",
                pq.path(cert).toString(), "--chain", pq.path("chain.pem").toString(), "--in", app.toString(), "--out",
                tmp.resolve(out).toString()).requireSuccess();
        return new Signed(tmp.resolve(out), r.stderr());
    }

    /** Verifies and returns the one line about the one signature, after checking that verification failed. */
    String refusal(Path content, Path signature, Path trust) throws Exception {
        Command.Result r = CastellanCli.run(tmp, server, "codesign", "verify", "--trust", trust.toString(), "--in",
                content.toString(), "--sig", signature.toString());
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("castellan: verification failed: 0 of 1 signature valid\n");
        List<String> lines = r.stdout().lines().toList();
        assertThat(lines).hasSize(1);
        String prefix = "signature 1 (ML-DSA-65, " + pq.signerSubject + "): ";
        assertThat(lines.getFirst()).startsWith(prefix);
        return lines.getFirst().substring(prefix.length());
    }

    static Path flipped(Path file, byte[] region, int offset, Path out) throws Exception {
        byte[] b = Files.readAllBytes(file);
        for (int i = 0; i + region.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + region.length, region, 0, region.length)) {
                b[i + offset] ^= 0x01;
                return Files.write(out, b);
            }
        }
        throw new AssertionError("region not found in " + file);
    }

    static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    @Test
    void verify_untouched_valid() throws Exception {
        CastellanCli.run(tmp, server, "codesign", "verify", "--trust", pq.path("root.pem").toString(), "--in",
                app.toString(), "--sig", sig.toString()).requireSuccess();
    }

    @Test
    void verify_oneFlippedByteInTheFile_messageDigestDoesNotMatch() throws Exception {
        byte[] content = Files.readAllBytes(app);
        Path tampered = flipped(app, Arrays.copyOfRange(content, 50_000, 50_016), 3, tmp.resolve("app-flipped.bin"));

        assertThat(refusal(tampered, sig, pq.path("root.pem"))).isEqualTo("message digest does not match the file");
    }

    @Test
    void verify_oneFlippedByteInTheSignatureValue_signatureDoesNotVerify() throws Exception {
        byte[] value = new CMSSignedData(Files.readAllBytes(sig)).getSignerInfos().getSigners().iterator().next()
                .getSignature();
        Path tampered = flipped(sig, value, 1000, tmp.resolve("sig-flipped.p7s"));

        assertThat(refusal(app, tampered, pq.path("root.pem")))
                .isEqualTo("the signature value does not verify with the public key of the signer certificate");
    }

    @Test
    void verify_oneFlippedByteInTheIntermediateCertificate_chainNamesIt() throws Exception {
        byte[] sub = certificate(pq.path("chain.pem")).getEncoded();
        Path tampered = flipped(sig, Arrays.copyOfRange(sub, sub.length - 200, sub.length), 100,
                tmp.resolve("chain-flipped.p7s"));

        assertThat(refusal(app, tampered, pq.path("root.pem"))).isEqualTo("certificate chain: the signature on"
                + " CN=Tamper PQ Issuing CA does not verify with the key of its issuer CN=Tamper PQ Root (trusted root)");
    }

    @Test
    void verify_anotherRoot_chainDoesNotReachIt() throws Exception {
        assertThat(refusal(app, sig, ec.path("root.pem"))).isEqualTo("certificate chain: CN=Tamper PQ Issuing CA was"
                + " issued by CN=Tamper PQ Root, which is neither a trusted root (trusted: CN=Tamper EC Root) nor carried"
                + " in the signature");
    }

    @Test
    void verify_certificateExpiredBeforeSigning_refusedAsExpired() throws Exception {
        long now = Instant.now().getEpochSecond();
        pq.issueForKey("CodeSigningCertificate/V1", "expired.pem",
                Validity.builder().type(ValidityPeriodType.ABSOLUTE).value(now - 300).build(),
                Validity.builder().type(ValidityPeriodType.ABSOLUTE).value(now - 1800).build());
        Signed s = sign("expired.pem", "expired.p7s");
        Instant notAfter = certificate(pq.path("expired.pem")).getNotAfter().toInstant();

        assertThat(s.warnings()).contains("castellan: warning: the certificate " + pq.signerSubject + " is not valid now");
        assertThat(refusal(app, s.path(), pq.path("root.pem")))
                .matches("certificate \\Q" + pq.signerSubject + "\\E expired at \\Q" + notAfter + "\\E, before \\S+Z");
    }

    @Test
    void verify_serverAuthCertificate_mayNotSignCode() throws Exception {
        pq.issueForKey("EndEntityServerAuthCertificate/V1", "tls.pem",
                Validity.builder().type(ValidityPeriodType.DAYS).value(30L).build(), null);
        Signed s = sign("tls.pem", "tls.p7s");

        assertThat(s.warnings()).contains("is not for code signing");
        assertThat(refusal(app, s.path(), pq.path("root.pem"))).isEqualTo("certificate " + pq.signerSubject
                + " may not sign code: its extended key usage is serverAuth, not codeSigning");
    }

    @Test
    void sign_keyOfAnotherCertificate_refusedBeforeSigning() throws Exception {
        Command.Result r = CastellanCli.run(tmp, server, "codesign", "sign", "--key-id", pq.alias, "--cert",
                ec.path("signer.pem").toString(), "--in", app.toString(), "--out", tmp.resolve("x.p7s").toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).isEqualTo("castellan: the key " + pq.alias + " does not belong to the certificate "
                + ec.signerSubject + ": their public keys differ\n");
        assertThat(tmp.resolve("x.p7s")).doesNotExist();
    }

    @Test
    void csr_serverNotRunning_saysWhereItLookedAndHowToStartIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(CastellanCli.environment(server));
        env.put("AWS_ENDPOINT_URL", "http://127.0.0.1:" + port);

        Command.Result r = CastellanCli.run(tmp, env, "csr", "--key-id", pq.alias, "--subject", "CN=Nobody");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("castellan: cannot reach the Castellan server at http://127.0.0.1:" + port
                + ": connection refused; is `./castellan serve` running?\n");
    }

    @Test
    void csr_wrongSecret_namesTheAwsErrorAndWhereTheCredentialsCameFrom() throws Exception {
        Map<String, String> env = new HashMap<>(CastellanCli.environment(server));
        env.put("AWS_ACCESS_KEY_ID", server.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", "not-the-secret");

        Command.Result r = CastellanCli.run(tmp, env, "csr", "--key-id", pq.alias, "--subject", "CN=Nobody");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).startsWith("castellan: the key service refused GetPublicKey of " + pq.alias + ": ")
                .contains("(credentials from the environment (AWS_ACCESS_KEY_ID)");
    }
}
