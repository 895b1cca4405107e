package dev.castellan.core.cms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DetachedSignatureWriterTest {
    static final byte[] CONTENT = "a binary to be signed\n".getBytes(StandardCharsets.UTF_8);

    static byte[] sign(List<DetachedSignatureWriter.Signer> signers, List<X509Certificate> chain) {
        List<DigestAlgorithm> digests = new ArrayList<>();
        signers.forEach(s -> digests.add(s.key().algorithm().digest()));
        return DetachedSignatureWriter.write(signers, chain, ContentDigests.of(CONTENT, digests), CodeSigningFixture.NOW);
    }

    @Test
    void write_mlDsa65Signer_isVersion1DetachedWithRfc9882Attributes() throws Exception {
        CodeSigningFixture pki = CodeSigningFixture.create("ML-DSA-65", "PQ");
        KeyPair key = pki.newKey();
        X509Certificate leaf = pki.codeSigner("PQ Signer", key);

        byte[] der = sign(List.of(CodeSigningFixture.signer(key, leaf)), List.of(pki.sub));

        SignedData sd = SignedData.getInstance(ContentInfo.getInstance(der).getContent());
        assertThat(sd.getVersion().intValueExact()).isEqualTo(1);
        assertThat(sd.getEncapContentInfo().getContentType()).isEqualTo(CMSObjectIdentifiers.data);
        assertThat(sd.getEncapContentInfo().getContent()).as("detached").isNull();
        assertThat(sd.getCertificates()).hasSize(2);
        CMSSignedData parsed = new CMSSignedData(new CMSProcessableByteArray(CONTENT), der);
        SignerInformation si = parsed.getSignerInfos().getSigners().iterator().next();
        assertThat(si.getVersion()).isEqualTo(1);
        assertThat(si.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha512.getId());
        assertThat(si.getEncryptionAlgOID()).isEqualTo(NISTObjectIdentifiers.id_ml_dsa_65.getId());
        assertThat(si.toASN1Structure().getDigestEncryptionAlgorithm().getParameters()).as("RFC 9881: absent").isNull();
        AttributeTable attrs = si.getSignedAttributes();
        assertThat(attrs.size()).isEqualTo(3);
        assertThat(attrs.get(CMSAttributes.contentType).getAttrValues().getObjectAt(0)).isEqualTo(CMSObjectIdentifiers.data);
        assertThat(ASN1OctetString.getInstance(attrs.get(CMSAttributes.messageDigest).getAttrValues().getObjectAt(0))
                .getOctets()).isEqualTo(DigestAlgorithm.SHA_512.digest(CONTENT));
        assertThat(Time.getInstance(attrs.get(CMSAttributes.signingTime).getAttrValues().getObjectAt(0)).getDate())
                .isEqualTo(Date.from(CodeSigningFixture.NOW));
        assertThat(si.getSignature()).hasSize(3309);
    }

    /** BouncyCastle's own CMS verifier with its own provider: a second, independent judge of every family. */
    @ParameterizedTest
    @CsvSource({"secp256r1, 2.16.840.1.101.3.4.2.1, ECDSA/SHA-256", "secp384r1, 2.16.840.1.101.3.4.2.2, ECDSA/SHA-384",
            "secp521r1, 2.16.840.1.101.3.4.2.3, ECDSA/SHA-512", "RSA-2048, 2.16.840.1.101.3.4.2.1, RSA/SHA-256",
            "RSA-4096, 2.16.840.1.101.3.4.2.2, RSA/SHA-384", "ML-DSA-44, 2.16.840.1.101.3.4.2.3, ML-DSA-44",
            "ML-DSA-65, 2.16.840.1.101.3.4.2.3, ML-DSA-65", "ML-DSA-87, 2.16.840.1.101.3.4.2.3, ML-DSA-87"})
    void write_eachKeyFamily_verifiesWithBouncyCastleAndUsesTheMatchingDigest(String algorithm, String digestOid,
            String display) throws Exception {
        CodeSigningFixture pki = CodeSigningFixture.create("secp256r1", algorithm); // the CAs' algorithm does not matter
        KeyPair key = CodeSigningFixture.newKey(algorithm);
        X509Certificate leaf = pki.codeSigner("Signer", key);

        byte[] der = sign(List.of(CodeSigningFixture.signer(key, leaf)), List.of(pki.sub));

        CMSSignedData parsed = new CMSSignedData(new CMSProcessableByteArray(CONTENT), der);
        SignerInformation si = parsed.getSignerInfos().getSigners().iterator().next();
        assertThat(si.getDigestAlgOID()).isEqualTo(digestOid);
        assertThat(si.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(new BouncyCastleProvider())
                .build(new X509CertificateHolder(leaf.getEncoded())))).isTrue();
        assertThat(SignerAlgorithm.forKey(key.getPublic()).displayName()).isEqualTo(display);
    }

    @Test
    void write_twoSigners_carriesTwoSignerInfosAndBothDigestAlgorithms() throws Exception {
        CodeSigningFixture ec = CodeSigningFixture.create("secp256r1", "EC");
        CodeSigningFixture pq = CodeSigningFixture.create("ML-DSA-65", "PQ");
        KeyPair ecKey = ec.newKey();
        KeyPair pqKey = pq.newKey();

        byte[] der = sign(List.of(CodeSigningFixture.signer(ecKey, ec.codeSigner("EC Signer", ecKey)),
                CodeSigningFixture.signer(pqKey, pq.codeSigner("PQ Signer", pqKey))), List.of(ec.sub, pq.sub));

        CMSSignedData parsed = new CMSSignedData(new CMSProcessableByteArray(CONTENT), der);
        assertThat(parsed.getSignerInfos().size()).isEqualTo(2);
        assertThat(parsed.getDigestAlgorithmIDs()).extracting(a -> a.getAlgorithm().getId())
                .containsExactlyInAnyOrder(NISTObjectIdentifiers.id_sha256.getId(), NISTObjectIdentifiers.id_sha512.getId());
        assertThat(parsed.getSignerInfos().getSigners()).extracting(SignerInformation::getEncryptionAlgOID)
                .containsExactly(X9ObjectIdentifiers.ecdsa_with_SHA256.getId(), NISTObjectIdentifiers.id_ml_dsa_65.getId());
        assertThat(parsed.getCertificates().getMatches(null)).hasSize(4);
    }

    @Test
    void write_keyOfAnotherCertificate_refusedAsMismatch() throws Exception {
        CodeSigningFixture pki = CodeSigningFixture.create("ML-DSA-65", "PQ");
        X509Certificate leaf = pki.codeSigner("PQ Signer", pki.newKey());

        assertThatThrownBy(() -> sign(List.of(CodeSigningFixture.signer(pki.newKey(), leaf)), List.of()))
                .isInstanceOf(CastellanException.class)
                .satisfies(e -> assertThat(((CastellanException) e).code()).isEqualTo(ErrorCode.CERTIFICATE_MISMATCH))
                .hasMessage("signer 1 (ML-DSA-65): the signature does not verify with the public key of the certificate"
                        + " CN=PQ Signer; the key and the certificate do not belong together");
    }

    @Test
    void write_missingDigest_isAProgrammingError() throws Exception {
        CodeSigningFixture pki = CodeSigningFixture.create("secp256r1", "EC");
        KeyPair key = pki.newKey();
        X509Certificate leaf = pki.codeSigner("EC Signer", key);

        assertThatThrownBy(() -> DetachedSignatureWriter.write(List.of(CodeSigningFixture.signer(key, leaf)), List.of(),
                Map.of(), CodeSigningFixture.NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
