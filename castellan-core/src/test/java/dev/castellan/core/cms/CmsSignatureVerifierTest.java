package dev.castellan.core.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the verifier, each from one defect, each with its own sentence; the signatures are written by
 * {@link DetachedSignatureWriter} with keys and certificates made by the test.
 */
class CmsSignatureVerifierTest {
    static final byte[] CONTENT = DetachedSignatureWriterTest.CONTENT;
    static final Instant NOW = CodeSigningFixture.NOW;

    static CodeSigningFixture pq;
    static CodeSigningFixture ec;
    static KeyPair pqKey;
    static X509Certificate pqLeaf;
    static KeyPair ecKey;
    static X509Certificate ecLeaf;

    @BeforeAll
    static void pki() throws Exception {
        pq = CodeSigningFixture.create("ML-DSA-65", "PQ");
        ec = CodeSigningFixture.create("secp256r1", "EC");
        pqKey = pq.newKey();
        pqLeaf = pq.codeSigner("PQ Signer", pqKey);
        ecKey = ec.newKey();
        ecLeaf = ec.codeSigner("EC Signer", ecKey);
    }

    static Verdict verify(byte[] signature, byte[] content, X509Certificate... roots) {
        CmsSignature parsed = CmsSignature.parse(signature);
        return new CmsSignatureVerifier(VerificationPolicy.codeSigning(List.of(roots), NOW))
                .verify(parsed, ContentDigests.of(content, parsed.digestAlgorithms()), "the file");
    }

    static byte[] pqSignature() {
        return DetachedSignatureWriterTest.sign(List.of(CodeSigningFixture.signer(pqKey, pqLeaf)), List.of(pq.sub));
    }

    static String onlyProblem(Verdict v) {
        assertThat(v.signers()).hasSize(1);
        return v.signers().getFirst().line();
    }

    @Test
    void verify_untouchedMlDsaSignature_validWithTheWholeChain() {
        Verdict v = verify(pqSignature(), CONTENT, pq.root);

        assertThat(v.allValid()).isTrue();
        assertThat(v.signers().getFirst().line()).isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer): valid, signed "
                + NOW + ", chain CN=PQ Signer <- CN=PQ Issuing CA <- CN=PQ Root");
    }

    @Test
    void verify_flippedByteInTheFile_messageDigestDoesNotMatch() {
        byte[] tampered = CONTENT.clone();
        tampered[3] ^= 1;

        assertThat(onlyProblem(verify(pqSignature(), tampered, pq.root)))
                .isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer): message digest does not match the file");
    }

    @Test
    void verify_flippedByteInTheSignatureValue_signatureDoesNotVerify() throws Exception {
        byte[] der = pqSignature();
        byte[] value = new CMSSignedData(der).getSignerInfos().getSigners().iterator().next().getSignature();
        flip(der, value, 100);

        assertThat(onlyProblem(verify(der, CONTENT, pq.root))).isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer): the"
                + " signature value does not verify with the public key of the signer certificate");
    }

    @Test
    void verify_flippedByteInTheIntermediateSignature_chainNamesTheBrokenCertificate() throws Exception {
        byte[] der = pqSignature();
        byte[] sub = pq.sub.getEncoded();
        flip(der, Arrays.copyOfRange(sub, sub.length - 64, sub.length), 10);

        assertThat(onlyProblem(verify(der, CONTENT, pq.root))).isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer):"
                + " certificate chain: the signature on CN=PQ Issuing CA does not verify with the key of its issuer"
                + " CN=PQ Root (trusted root)");
    }

    @Test
    void verify_anotherTrustedRoot_chainDoesNotReachIt() {
        assertThat(onlyProblem(verify(pqSignature(), CONTENT, ec.root))).isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer):"
                + " certificate chain: CN=PQ Issuing CA was issued by CN=PQ Root, which is neither a trusted root"
                + " (trusted: CN=EC Root) nor carried in the signature");
    }

    @Test
    void verify_trustedRootWithABrokenSelfSignature_refusedAsDamagedTrustFile() throws Exception {
        byte[] root = pq.root.getEncoded();
        root[root.length - 10] ^= 1;

        assertThat(onlyProblem(verify(pqSignature(), CONTENT, dev.castellan.core.x509.Pem.certificate(root))))
                .isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer): trusted root CN=PQ Root: its self-signature does not"
                        + " verify; the trust file is damaged");
    }

    @Test
    void verify_leafExpiredBeforeTheSigningTime_refusedAsExpired() throws Exception {
        KeyPair key = pq.newKey();
        Instant end = NOW.minus(Duration.ofDays(1));
        X509Certificate expired = pq.leaf("Old Signer", key, NOW.minus(Duration.ofDays(30)), end,
                KeyPurposeId.id_kp_codeSigning);
        byte[] der = DetachedSignatureWriterTest.sign(List.of(CodeSigningFixture.signer(key, expired)), List.of(pq.sub));

        assertThat(onlyProblem(verify(der, CONTENT, pq.root))).isEqualTo("signature 1 (ML-DSA-65, CN=Old Signer):"
                + " certificate CN=Old Signer expired at " + end + ", before " + NOW);
    }

    @Test
    void verify_serverAuthCertificate_mayNotSignCode() throws Exception {
        KeyPair key = pq.newKey();
        X509Certificate tls = pq.leaf("www.example.com", key, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(9)),
                KeyPurposeId.id_kp_serverAuth);
        byte[] der = DetachedSignatureWriterTest.sign(List.of(CodeSigningFixture.signer(key, tls)), List.of(pq.sub));

        assertThat(onlyProblem(verify(der, CONTENT, pq.root))).isEqualTo("signature 1 (ML-DSA-65, CN=www.example.com):"
                + " certificate CN=www.example.com may not sign code: its extended key usage is serverAuth, not codeSigning");
    }

    @Test
    void verify_signingTimeAheadOfTheVerifier_refused() {
        CmsSignature parsed = CmsSignature.parse(pqSignature());
        VerificationPolicy yesterday = VerificationPolicy.codeSigning(List.of(pq.root), NOW.minus(Duration.ofDays(1)));

        Verdict v = new CmsSignatureVerifier(yesterday).verify(parsed,
                ContentDigests.of(CONTENT, parsed.digestAlgorithms()), "the file");

        assertThat(onlyProblem(v)).isEqualTo("signature 1 (ML-DSA-65, CN=PQ Signer): it claims to be signed at " + NOW
                + ", which is in the future");
    }

    @Test
    void verify_noCertificatesCarried_findsTheSignerAmongExtraCertificates() {
        byte[] der = DetachedSignatureWriterTest.sign(List.of(CodeSigningFixture.signer(pqKey, pqLeaf)), List.of());
        CmsSignature parsed = CmsSignature.parse(der);
        var digests = ContentDigests.of(CONTENT, parsed.digestAlgorithms());

        Verdict withoutSub = verify(der, CONTENT, pq.root);
        Verdict withSub = new CmsSignatureVerifier(new VerificationPolicy(List.of(pq.root), List.of(pq.sub),
                VerificationPolicy.Purpose.CODE_SIGNING, NOW, VerificationPolicy.DEFAULT_CLOCK_SKEW))
                .verify(parsed, digests, "the file");

        assertThat(onlyProblem(withoutSub)).contains("CN=PQ Issuing CA, which is neither a trusted root");
        assertThat(withSub.allValid()).isTrue();
    }

    @Test
    void verify_dualSignatureWithOneBrokenSigner_reportsEachAndIsValidForOneNotForAll() throws Exception {
        byte[] der = DetachedSignatureWriterTest.sign(List.of(CodeSigningFixture.signer(ecKey, ecLeaf),
                CodeSigningFixture.signer(pqKey, pqLeaf)), List.of(ec.sub, pq.sub));
        SignerInformation second = List.copyOf(new CMSSignedData(der).getSignerInfos().getSigners()).get(1);
        flip(der, second.getSignature(), 7);

        Verdict v = verify(der, CONTENT, ec.root, pq.root);

        assertThat(v.signers()).extracting(SignerVerdict::line).containsExactly(
                "signature 1 (ECDSA/SHA-256, CN=EC Signer): valid, signed " + NOW
                        + ", chain CN=EC Signer <- CN=EC Issuing CA <- CN=EC Root",
                "signature 2 (ML-DSA-65, CN=PQ Signer): the signature value does not verify with the public key of the"
                        + " signer certificate");
        assertThat(v.anyValid()).isTrue();
        assertThat(v.allValid()).isFalse();
    }

    @Test
    void parse_notCms_refusedInOneLine() {
        assertThatThrownBy(() -> CmsSignature.parse("hello".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(CastellanException.class)
                .hasMessageStartingWith("the signature is not a valid CMS SignedData: ")
                .hasMessageNotContaining("\n");
    }

    /** Flips one bit of the byte at {@code offset} inside the first occurrence of {@code region} in {@code der}. */
    static void flip(byte[] der, byte[] region, int offset) {
        for (int i = 0; i + region.length <= der.length; i++) {
            if (Arrays.equals(der, i, i + region.length, region, 0, region.length)) {
                der[i + offset] ^= 1;
                return;
            }
        }
        throw new AssertionError("region not found");
    }
}
