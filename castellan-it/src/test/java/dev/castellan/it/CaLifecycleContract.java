package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.OpenSsl;
import dev.castellan.it.support.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.ASN1Subject;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthority;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityStatus;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.CertificateMismatchException;
import software.amazon.awssdk.services.acmpca.model.CreateCertificateAuthorityRequest;
import software.amazon.awssdk.services.acmpca.model.GetCertificateAuthorityCertificateResponse;
import software.amazon.awssdk.services.acmpca.model.InvalidArgsException;
import software.amazon.awssdk.services.acmpca.model.InvalidRequestException;
import software.amazon.awssdk.services.acmpca.model.InvalidStateException;
import software.amazon.awssdk.services.acmpca.model.InvalidTagException;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ListCertificateAuthoritiesResponse;
import software.amazon.awssdk.services.acmpca.model.MalformedCertificateException;
import software.amazon.awssdk.services.acmpca.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.Tag;
import software.amazon.awssdk.services.acmpca.model.TooManyTagsException;

/**
 * The CA lifecycle driven end to end through the stock AWS SDK for Java v2 against a real server process; run
 * once on embedded SQLite and once on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CaLifecycleContract {
    Path tmp;

    ServerProcess server;
    AcmPcaClient pca;
    OpenSsl openssl;

    /** JDBC URL of a fresh database, or null for the server's embedded SQLite. */
    abstract String databaseUrl();

    @BeforeAll
    void startServer() throws Exception {
        tmp = dev.castellan.it.support.WorkDir.create(getClass());
        server = ServerProcess.start(tmp.resolve("data"), databaseUrl());
        pca = Clients.acmPca(server);
        Path work = Files.createDirectories(tmp.resolve("openssl"));
        openssl = new OpenSsl(work);
        openssl.root("root", "/O=External Test/CN=External Root CA");
    }

    @AfterAll
    void stopServer() throws Exception {
        if (pca != null) {
            pca.close();
        }
        if (server != null) {
            server.close();
        }
    }

    String createSubordinate(String commonName, List<Tag> tags) {
        return pca.createCertificateAuthority(r -> r
                .certificateAuthorityType(CertificateAuthorityType.SUBORDINATE)
                .certificateAuthorityConfiguration(c -> c
                        .keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA)
                        .subject(s -> s.commonName(commonName).organization("Castellan Tests").country("DE")))
                .tags(tags)).certificateAuthorityArn();
    }

    /** Takes the CA's CSR, has the external OpenSSL root sign it and imports it with the chain. */
    Path activate(String arn, String name) throws Exception {
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
        Path csrFile = openssl.dir().resolve(name + ".csr");
        Files.writeString(csrFile, csr);
        Path cert = openssl.signSubordinate("root", csrFile, name, 365);
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromByteArray(bytes(cert)))
                .certificateChain(SdkBytes.fromByteArray(bytes(openssl.dir().resolve("root.pem")))));
        return cert;
    }

    CertificateAuthority describe(String arn) {
        return pca.describeCertificateAuthority(r -> r.certificateAuthorityArn(arn)).certificateAuthority();
    }

    @Test
    void subordinate_signedByOpensslRoot_importsAndOpensslVerifiesInstalledChain() throws Exception {
        String arn = createSubordinate("Issuing CA 1", List.of(Tag.builder().key("team").value("pki").build()));
        assertThat(arn).matches("arn:aws:acm-pca:us-east-1:000000000000:certificate-authority/[0-9a-f-]{36}");
        CertificateAuthority pending = describe(arn);
        assertThat(pending.status()).isEqualTo(CertificateAuthorityStatus.PENDING_CERTIFICATE);
        assertThat(pending.type()).isEqualTo(CertificateAuthorityType.SUBORDINATE);
        assertThat(pending.certificateAuthorityConfiguration().subject().commonName()).isEqualTo("Issuing CA 1");
        assertThat(pending.revocationConfiguration().crlConfiguration().enabled()).isFalse();
        assertThatThrownBy(() -> pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)))
                .isInstanceOf(InvalidStateException.class);

        activate(arn, "sub1");

        CertificateAuthority active = describe(arn);
        assertThat(active.status()).isEqualTo(CertificateAuthorityStatus.ACTIVE);
        assertThat(active.serial()).isNotBlank();
        assertThat(active.notAfter()).isAfter(Instant.now().plusSeconds(300 * 86400));
        GetCertificateAuthorityCertificateResponse installed =
                pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn));
        Path certFile = openssl.dir().resolve("installed.pem");
        Path chainFile = openssl.dir().resolve("installed-chain.pem");
        Files.writeString(certFile, installed.certificate());
        Files.writeString(chainFile, installed.certificateChain());
        var verified = openssl.verify(chainFile, null, certFile);
        assertThat(verified.exitCode()).as(verified.stderr()).isZero();
        assertThat(verified.stdout()).contains("OK");
    }

    @Test
    void create_sameIdempotencyToken_returnsSameArnAndDifferentArgumentsAreRefused() {
        CreateCertificateAuthorityRequest request = CreateCertificateAuthorityRequest.builder()
                .certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName("Idem Root")))
                .idempotencyToken("token-" + UUID.randomUUID().toString().substring(0, 8)).build();
        String first = pca.createCertificateAuthority(request).certificateAuthorityArn();
        String second = pca.createCertificateAuthority(request).certificateAuthorityArn();
        assertThat(second).isEqualTo(first);
        assertThatThrownBy(() -> pca.createCertificateAuthority(request.toBuilder()
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName("Other"))).build()))
                .isInstanceOf(InvalidArgsException.class).hasMessageContaining("IdempotencyToken");
    }

    @Test
    void list_smallPages_walksEveryCaOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(createSubordinate("Paged " + i, List.of()));
        }
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            ListCertificateAuthoritiesResponse page = pca.listCertificateAuthorities(r -> r.maxResults(1).nextToken(t));
            assertThat(page.certificateAuthorities()).hasSizeLessThanOrEqualTo(1);
            page.certificateAuthorities().forEach(ca -> {
                assertThat(seen.add(ca.arn())).as("listed twice: " + ca.arn()).isTrue();
                order.add(ca.arn());
            });
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsAll(created);
        // The paginator of the SDK walks the same pages.
        assertThat(pca.listCertificateAuthoritiesPaginator(r -> r.maxResults(2)).certificateAuthorities().stream()
                .map(CertificateAuthority::arn).toList()).containsExactlyElementsOf(order);
    }

    @Test
    void tags_addOverwriteRemove_listReflectsEachStep() {
        String arn = createSubordinate("Tagged", List.of(Tag.builder().key("env").value("dev").build()));
        pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn).tags(
                Tag.builder().key("env").value("prod").build(), Tag.builder().key("owner").value("alice").build()));
        assertThat(pca.listTags(r -> r.certificateAuthorityArn(arn)).tags()).containsExactly(
                Tag.builder().key("env").value("prod").build(), Tag.builder().key("owner").value("alice").build());
        // A value that does not match leaves the tag; a key alone removes it.
        pca.untagCertificateAuthority(r -> r.certificateAuthorityArn(arn).tags(
                Tag.builder().key("env").value("dev").build(), Tag.builder().key("owner").build()));
        assertThat(pca.listTags(r -> r.certificateAuthorityArn(arn)).tags())
                .containsExactly(Tag.builder().key("env").value("prod").build());

        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(Tag.builder().key("k" + i).value("v").build());
        }
        assertThatThrownBy(() -> pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn).tags(fifty)))
                .isInstanceOf(TooManyTagsException.class);
        assertThatThrownBy(() -> pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .tags(Tag.builder().key("aws:reserved").value("x").build())))
                .isInstanceOf(InvalidTagException.class);
        assertThatThrownBy(() -> pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .tags(Tag.builder().key("bad<key>").value("x").build())))
                .isInstanceOf(InvalidTagException.class);
        assertThat(pca.listTags(r -> r.certificateAuthorityArn(arn)).tags()).hasSize(1);
    }

    @Test
    void stateMachine_forbiddenTransitions_areInvalidStateAndChangeNothing() throws Exception {
        String arn = createSubordinate("Lifecycle", List.of());
        assertThatThrownBy(() -> pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .status(CertificateAuthorityStatus.ACTIVE))).isInstanceOf(InvalidStateException.class);
        activate(arn, "life");

        assertThatThrownBy(() -> pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(arn)))
                .isInstanceOf(InvalidStateException.class).hasMessageContaining("ACTIVE");
        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.ACTIVE);

        pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn).status(CertificateAuthorityStatus.DISABLED));
        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.DISABLED);
        assertThatThrownBy(() -> activate(arn, "life-again")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .status(CertificateAuthorityStatus.EXPIRED))).isInstanceOf(InvalidArgsException.class);

        pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(arn).permanentDeletionTimeInDays(7));
        CertificateAuthority deleted = describe(arn);
        assertThat(deleted.status()).isEqualTo(CertificateAuthorityStatus.DELETED);
        assertThat(deleted.restorableUntil()).isBetween(Instant.now().plusSeconds(6 * 86400), Instant.now().plusSeconds(8 * 86400));
        assertThatThrownBy(() -> pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(arn)))
                .isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .status(CertificateAuthorityStatus.ACTIVE))).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> pca.tagCertificateAuthority(r -> r.certificateAuthorityArn(arn)
                .tags(Tag.builder().key("a").value("b").build()))).isInstanceOf(InvalidStateException.class);

        pca.restoreCertificateAuthority(r -> r.certificateAuthorityArn(arn));
        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.DISABLED);
        assertThatThrownBy(() -> pca.restoreCertificateAuthority(r -> r.certificateAuthorityArn(arn)))
                .isInstanceOf(InvalidStateException.class);
        pca.updateCertificateAuthority(r -> r.certificateAuthorityArn(arn).status(CertificateAuthorityStatus.ACTIVE));
        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.ACTIVE);
    }

    @Test
    void delete_pendingCertificate_isGoneAtOnce() {
        String arn = createSubordinate("Short-lived pending", List.of());
        pca.deleteCertificateAuthority(r -> r.certificateAuthorityArn(arn).permanentDeletionTimeInDays(30));
        assertThatThrownBy(() -> describe(arn)).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> pca.restoreCertificateAuthority(r -> r.certificateAuthorityArn(arn)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void import_badCertificates_areRefusedWithTheirOwnErrorAndCaStaysPending() throws Exception {
        String arn = createSubordinate("Import errors", List.of());
        SdkBytes rootPem = SdkBytes.fromByteArray(bytes(openssl.dir().resolve("root.pem")));
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromUtf8String("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"))
                .certificateChain(rootPem))).isInstanceOf(MalformedCertificateException.class);
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromByteArray(new byte[] {1, 2, 3})).certificateChain(rootPem)))
                .isInstanceOf(MalformedCertificateException.class);
        // The root's own certificate is self-signed and for another key.
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(rootPem).certificateChain(rootPem))).isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining("public key");
        // A certificate for another CA's key.
        String other = createSubordinate("Other key", List.of());
        Path otherCsr = openssl.dir().resolve("other.csr");
        Files.writeString(otherCsr, pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(other)).csr());
        Path otherCert = openssl.signSubordinate("root", otherCsr, "other", 30);
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromByteArray(bytes(otherCert))).certificateChain(rootPem)))
                .isInstanceOf(CertificateMismatchException.class);
        // The right certificate without its chain, then with a chain that does not sign it.
        Path csr = openssl.dir().resolve("errs.csr");
        Files.writeString(csr, pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr());
        Path cert = openssl.signSubordinate("root", csr, "errs", 30);
        SdkBytes certBytes = SdkBytes.fromByteArray(bytes(cert));
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(certBytes))).isInstanceOf(InvalidRequestException.class);
        openssl.root("stranger", "/CN=Stranger Root");
        SdkBytes stranger = SdkBytes.fromByteArray(bytes(openssl.dir().resolve("stranger.pem")));
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(certBytes).certificateChain(stranger))).isInstanceOf(CertificateMismatchException.class)
                .hasMessageContaining("does not verify");
        // A critical CRL distribution point is not allowed in a CA certificate.
        Path critical = openssl.signSubordinate("root", csr, "errs-critical", 30,
                "crlDistributionPoints=critical,URI:http://crl.example/ca.crl");
        assertThatThrownBy(() -> pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromByteArray(bytes(critical))).certificateChain(rootPem)))
                .isInstanceOf(MalformedCertificateException.class).hasMessageContaining("2.5.29.31");
        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.PENDING_CERTIFICATE);
    }

    @Test
    void import_renewalOfActiveCa_replacesCertificateForSameKey() throws Exception {
        String arn = createSubordinate("Renewed", List.of());
        activate(arn, "renew1");
        String firstSerial = describe(arn).serial();
        Path csr = openssl.dir().resolve("renew1.csr");
        Path renewed = openssl.signSubordinate("root", csr, "renew2", 700,
                "nameConstraints=critical,permitted;DNS:.dev.example.com");
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromByteArray(bytes(renewed)))
                .certificateChain(SdkBytes.fromByteArray(bytes(openssl.dir().resolve("root.pem")))));
        CertificateAuthority after = describe(arn);
        assertThat(after.status()).isEqualTo(CertificateAuthorityStatus.ACTIVE);
        assertThat(after.serial()).isNotEqualTo(firstSerial);
        assertThat(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)).certificate())
                .isEqualTo(Files.readString(renewed).replace("\r", ""));
    }

    @Test
    void create_signingAlgorithmOfAnotherFamily_isInvalidArgs() {
        assertThatThrownBy(() -> pca.createCertificateAuthority(r -> r
                .certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHRSA).subject(ASN1Subject.builder().commonName("x").build()))))
                .isInstanceOf(InvalidArgsException.class).hasMessageContaining("SHA256WITHRSA");
        assertThatThrownBy(() -> pca.createCertificateAuthority(r -> r
                .certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.ML_DSA_65)
                        .signingAlgorithm(SigningAlgorithm.ML_DSA_44).subject(ASN1Subject.builder().commonName("x").build()))))
                .isInstanceOf(InvalidArgsException.class);
    }

    @Test
    void restart_keepsEveryCaTagAndCertificate() throws Exception {
        String arn = createSubordinate("Survivor", List.of(Tag.builder().key("keep").value("me").build()));
        activate(arn, "survivor");
        String pending = createSubordinate("Pending survivor", List.of());
        String csrBefore = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(pending)).csr();
        String certBefore = pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)).certificate();

        server.restart();
        pca.close();
        pca = Clients.acmPca(server);

        assertThat(describe(arn).status()).isEqualTo(CertificateAuthorityStatus.ACTIVE);
        assertThat(pca.listTags(r -> r.certificateAuthorityArn(arn)).tags())
                .containsExactly(Tag.builder().key("keep").value("me").build());
        assertThat(pca.getCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)).certificate()).isEqualTo(certBefore);
        assertThat(pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(pending)).csr()).isEqualTo(csrBefore);
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
