package dev.castellan.core.crl;

import static dev.castellan.core.crl.CrlFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.crl.CrlFixtures.Ca;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The streaming CRL writer against BouncyCastle's builder, the JDK's CRL parser and openssl. */
class CrlWriterTest {
    static final String PARTITION = "http://127.0.0.1:7700/bucket/crl/0b6b5a53-5ad3-4f4e-9d39-3b1c1c8c2b55/"
            + "5c1d0b7e-2f7a-4a9e-8f1e-7c2b3a4d5e6f.crl";
    static final Ca RSA = CrlFixtures.ca(KeyAlgorithm.RSA_2048, "CN=Castellan Test Root RSA,O=Castellan,C=DE");
    static final Ca EC = CrlFixtures.ca(KeyAlgorithm.EC_prime256v1, "CN=Castellan Test Root EC,O=Castellan");

    private static byte[] write(CrlHeader header, List<CrlEntry> entries, org.bouncycastle.operator.ContentSigner signer) {
        return CrlWriter.prepare(header, entries::forEach).sign(signer);
    }

    private static byte[] bouncyCastle(Ca ca, CrlHeader h, List<CrlEntry> entries) throws Exception {
        X509v2CRLBuilder b = new X509v2CRLBuilder(h.issuer(), Date.from(h.thisUpdate()));
        b.setNextUpdate(Date.from(h.nextUpdate()));
        for (CrlEntry e : entries) {
            b.addCRLEntry(e.serial().value(), Date.from(e.revocationDate()), e.reason().code());
        }
        b.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(h.authorityKeyIdentifier()));
        b.addExtension(Extension.cRLNumber, false, new CRLNumber(h.crlNumber()));
        if (!h.issuingDistributionPoint().isEmpty()) {
            b.addExtension(Extension.issuingDistributionPoint, true, new IssuingDistributionPoint(
                    new DistributionPointName(new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier,
                            h.issuingDistributionPoint().getFirst()))), false, false, null, false, false));
        }
        return b.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.pair().getPrivate())).getEncoded();
    }

    @Test
    void sign_partitionWithMixedEntries_sameBytesAsBouncyCastleBuilder() throws Exception {
        CrlHeader h = RSA.header(BigInteger.valueOf(1_764_331_200_000L), List.of(PARTITION));
        List<CrlEntry> entries = CrlFixtures.mixedEntries(200);

        byte[] mine = write(h, entries, new JcaContentSignerBuilder("SHA256withRSA").build(RSA.pair().getPrivate()));

        assertThat(mine).isEqualTo(bouncyCastle(RSA, h, entries));
    }

    @Test
    void sign_completeCrlWithoutEntries_sameBytesAsBouncyCastleAndNoRevokedField() throws Exception {
        CrlHeader h = RSA.header(BigInteger.ONE, List.of());

        byte[] mine = write(h, List.of(), new JcaContentSignerBuilder("SHA256withRSA").build(RSA.pair().getPrivate()));

        assertThat(mine).isEqualTo(bouncyCastle(RSA, h, List.of()));
        X509CRL crl = CrlFixtures.jdkCrl(mine);
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(crl.getCriticalExtensionOIDs()).isNullOrEmpty();
    }

    @Test
    void sign_streamingKeySignerRsa_sameBytesAsWholeMessageSignature() throws Exception {
        CrlHeader h = RSA.header(BigInteger.TEN, List.of(PARTITION));
        List<CrlEntry> entries = CrlFixtures.mixedEntries(50);

        assertThat(write(h, entries, RSA.signer())).isEqualTo(bouncyCastle(RSA, h, entries));
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void sign_everyKeyAlgorithm_jdkParsesVerifiesAndReadsEveryEntry(KeyAlgorithm algorithm) throws Exception {
        Ca ca = algorithm == KeyAlgorithm.RSA_2048 ? RSA : CrlFixtures.ca(algorithm, "CN=Root " + algorithm);
        List<CrlEntry> entries = CrlFixtures.mixedEntries(64);

        byte[] der = write(ca.header(BigInteger.valueOf(42), List.of(PARTITION)), entries, ca.signer());

        X509CRL crl = CrlFixtures.jdkCrl(der);
        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate()).isEqualTo(Date.from(NOW));
        assertThat(crl.getCriticalExtensionOIDs()).containsExactly(Extension.issuingDistributionPoint.getId());
        assertThat(crl.getRevokedCertificates()).hasSize(entries.size());
        for (CrlEntry e : entries) {
            X509CRLEntry found = crl.getRevokedCertificate(e.serial().value());
            assertThat(found.getRevocationDate()).isEqualTo(Date.from(e.revocationDate()));
            if (e.reason().hasReasonCode()) {
                assertThat(found.getRevocationReason().ordinal()).isEqualTo(e.reason().code());
            } else {
                assertThat(found.getRevocationReason()).isNull();
            }
        }
    }

    @Test
    void sign_ecdsaPartition_opensslVerifiesAndPrintsCriticalIdpAndEntries() throws Exception {
        List<CrlEntry> entries = List.of(
                CrlFixtures.entry("8f3a1b2c3d4e5f60718293a4b5c6d7e8", NOW, RevocationReason.KEY_COMPROMISE),
                CrlFixtures.entry("0101", NOW.minusSeconds(60), RevocationReason.UNSPECIFIED));

        byte[] der = write(EC.header(BigInteger.valueOf(99), List.of(PARTITION)), entries, EC.signer());

        String text = CrlFixtures.openssl(EC, der);
        assertThat(text).contains("verify OK", "X509v3 Issuing Distribution Point: critical", "URI:" + PARTITION,
                "X509v3 CRL Number:", "99", "8F3A1B2C3D4E5F60718293A4B5C6D7E8", "Key Compromise", "Serial Number: 0101");
        assertThat(text.split("Serial Number:")).hasSize(3);
    }

    @Test
    void sign_rsaCompleteCrl_opensslVerifies() throws Exception {
        byte[] der = write(RSA.header(BigInteger.valueOf(5), List.of()), CrlFixtures.mixedEntries(10), RSA.signer());

        assertThat(CrlFixtures.openssl(RSA, der)).contains("verify OK").doesNotContain("Issuing Distribution Point");
    }

    @Test
    void sign_entriesSpanningManyChunks_sameBytesAsBouncyCastleAndSignsOnlyOnce() throws Exception {
        CrlHeader h = RSA.header(BigInteger.valueOf(77), List.of(PARTITION));
        List<CrlEntry> entries = CrlFixtures.mixedEntries(4_000);
        CrlWriter.Prepared prepared = CrlWriter.prepare(h, entries::forEach);

        byte[] mine = prepared.sign(new JcaContentSignerBuilder("SHA256withRSA").build(RSA.pair().getPrivate()));

        assertThat(prepared.tbsLength()).isGreaterThan(2L * EntryChunks.CHUNK);
        assertThat(mine).isEqualTo(bouncyCastle(RSA, h, entries));
        assertThatThrownBy(() -> prepared.sign(RSA.signer())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void prepare_visitsTheSourceExactlyOnce() {
        int[] visits = {0};
        CrlWriter.Prepared prepared = CrlWriter.prepare(EC.header(BigInteger.TWO, List.of()), v -> {
            visits[0]++;
            CrlFixtures.mixedEntries(3).forEach(v);
        });

        prepared.sign(EC.signer());

        assertThat(visits[0]).isEqualTo(1);
        assertThat(prepared.entryCount()).isEqualTo(3);
    }

    @Test
    void sign_signerOfAnotherAlgorithm_isRefused() {
        CrlWriter.Prepared prepared = CrlWriter.prepare(EC.header(BigInteger.TWO, List.of()), v -> {});

        assertThatThrownBy(() -> prepared.sign(RSA.signer())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encodedLength_ecdsa_boundsTheActualLength() {
        List<CrlEntry> entries = CrlFixtures.mixedEntries(30);
        CrlWriter.Prepared prepared = CrlWriter.prepare(EC.header(BigInteger.TWO, List.of(PARTITION)), entries::forEach);

        byte[] der = prepared.sign(EC.signer());

        assertThat((long) der.length).isLessThanOrEqualTo(prepared.encodedLength(KeyAlgorithm.EC_prime256v1.maxSignatureBytes()));
        assertThat(prepared.entryCount()).isEqualTo(30);
    }
}
