package dev.castellan.core.cms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.core.x509.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example objects of RFC 9882 (ML-DSA in CMS) and the certificates of RFC 9881 that signed them, judged by the
 * verifier {@code castellan codesign verify} uses. The examples carry their content (id-data) and no certificates,
 * and their signer is the self-signed LAMPS WG CA, which has no code-signing purpose: so they are verified with the
 * RFC 9881 certificate given as both trust anchor and extra certificate, for any purpose. The verifier checks the
 * self-signature of a self-signed trust anchor, so a valid verdict also means the RFC 9881 certificate verified.
 */
class Rfc9882VectorsTest {
    static byte[] resource(String path) throws IOException {
        try (InputStream in = Rfc9882VectorsTest.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource /vectors/" + path);
            }
            return in.readAllBytes();
        }
    }

    static X509Certificate certificate(int level) throws Exception {
        String pem = new String(resource("rfc9881/ML-DSA-" + level + ".crt"), StandardCharsets.US_ASCII);
        return Pem.certificate(Pem.decodeAll(pem, "CERTIFICATE").getFirst());
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void rfc9881Certificate_selfSignatureVerifiesWithTheJdk(int level) throws Exception {
        X509Certificate cert = certificate(level);

        cert.verify(cert.getPublicKey());

        assertThat(cert.getSigAlgName()).isEqualToIgnoringCase("ML-DSA-" + level);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=LAMPS WG,O=IETF");
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void rfc9882Example_encapsulatedContent_verifiesForAnyPurpose(int level) throws Exception {
        X509Certificate signer = certificate(level);
        CmsSignature signature = CmsSignature.parse(resource("rfc9882/mldsa" + level + "-signed-attrs.pem"));
        byte[] content = signature.encapsulatedContent().orElseThrow();

        Verdict v = new CmsSignatureVerifier(new VerificationPolicy(List.of(signer), List.of(signer),
                VerificationPolicy.Purpose.ANY, CodeSigningFixture.NOW, VerificationPolicy.DEFAULT_CLOCK_SKEW))
                .verify(signature, ContentDigests.of(content, signature.digestAlgorithms()), "the encapsulated content");

        assertThat(new String(content, StandardCharsets.US_ASCII))
                .isEqualTo("ML-DSA-" + level + " signed-data example with signed attributes");
        assertThat(signature.digestAlgorithms()).containsExactly(DigestAlgorithm.SHA_512);
        assertThat(v.signers()).singleElement().satisfies(s -> {
            assertThat(s.problem()).isNull();
            assertThat(s.line()).isEqualTo("signature 1 (ML-DSA-" + level + ", CN=LAMPS WG,O=IETF): valid, chain"
                    + " CN=LAMPS WG,O=IETF");
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void rfc9881Certificate_damagedSelfSignature_refusedByTheVerifier(int level) throws Exception {
        byte[] der = certificate(level).getEncoded();
        der[der.length - 100] ^= 1;
        X509Certificate damaged = Pem.certificate(der);
        CmsSignature signature = CmsSignature.parse(resource("rfc9882/mldsa" + level + "-signed-attrs.pem"));
        byte[] content = signature.encapsulatedContent().orElseThrow();

        Verdict v = new CmsSignatureVerifier(new VerificationPolicy(List.of(damaged), List.of(damaged),
                VerificationPolicy.Purpose.ANY, CodeSigningFixture.NOW, VerificationPolicy.DEFAULT_CLOCK_SKEW))
                .verify(signature, ContentDigests.of(content, signature.digestAlgorithms()), "the encapsulated content");

        assertThat(v.signers().getFirst().problem()).isEqualTo("trusted root CN=LAMPS WG,O=IETF: its self-signature"
                + " does not verify; the trust file is damaged");
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void rfc9882Example_codeSigningRequired_refusedForTheMissingPurpose(int level) throws Exception {
        X509Certificate signer = certificate(level);
        CmsSignature signature = CmsSignature.parse(resource("rfc9882/mldsa" + level + "-signed-attrs.pem"));
        byte[] content = signature.encapsulatedContent().orElseThrow();

        Verdict v = new CmsSignatureVerifier(new VerificationPolicy(List.of(signer), List.of(signer),
                VerificationPolicy.Purpose.CODE_SIGNING, CodeSigningFixture.NOW, VerificationPolicy.DEFAULT_CLOCK_SKEW))
                .verify(signature, ContentDigests.of(content, signature.digestAlgorithms()), "the encapsulated content");

        assertThat(v.signers().getFirst().problem()).isEqualTo("certificate CN=LAMPS WG,O=IETF may not sign code: it"
                + " has no extended key usage, and code signing requires codeSigning");
    }

    @ParameterizedTest
    @ValueSource(ints = {44, 65, 87})
    void rfc9882Example_otherContent_messageDigestDoesNotMatch(int level) throws Exception {
        X509Certificate signer = certificate(level);
        CmsSignature signature = CmsSignature.parse(resource("rfc9882/mldsa" + level + "-signed-attrs.pem"));

        Verdict v = new CmsSignatureVerifier(new VerificationPolicy(List.of(signer), List.of(signer),
                VerificationPolicy.Purpose.ANY, CodeSigningFixture.NOW, VerificationPolicy.DEFAULT_CLOCK_SKEW))
                .verify(signature, ContentDigests.of(new byte[] {1}, signature.digestAlgorithms()), "the file");

        assertThat(v.signers().getFirst().problem()).isEqualTo("message digest does not match the file");
    }
}
