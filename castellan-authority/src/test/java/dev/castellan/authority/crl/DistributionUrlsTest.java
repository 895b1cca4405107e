package dev.castellan.authority.crl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The URL and bucket-key forms of docs/revocation.md. */
class DistributionUrlsTest {
    static final UUID CA = UUID.fromString("0b6b5a53-5ad3-4f4e-9d39-3b1c1c8c2b55");
    static final UUID PARTITION = UUID.fromString("5c1d0b7e-2f7a-4a9e-8f1e-7c2b3a4d5e6f");
    final DistributionUrls urls = new DistributionUrls("https://pki.example.com/castellan");

    static CertificateAuthority ca(RevocationConfiguration r) {
        return new CertificateAuthority.Builder().id(CA).type(CaType.ROOT).status(CaStatus.ACTIVE)
                .configuration(new CaConfiguration(KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA,
                        new Subject(null, null, null, null, null, "Root", null, null, null, null, null, null, null, null, null), null))
                .revocation(r).key(new KeyRef("software:k")).createdAt(Instant.EPOCH).build();
    }

    static RevocationConfiguration config(String cname, String customPath, boolean ocsp, String ocspCname) {
        return new RevocationConfiguration(new RevocationConfiguration.Crl(true, 7, cname, "team/pki", null, "PARTITIONED",
                customPath, null), new RevocationConfiguration.Ocsp(ocsp, ocspCname));
    }

    @Test
    void urls_publicBase_bucketThenKey() {
        CertificateAuthority ca = ca(config(null, null, true, null));

        assertThat(urls.completeCrl(ca)).isEqualTo("https://pki.example.com/castellan/team/pki/crl/" + CA + ".crl");
        assertThat(urls.partitionCrl(ca, PARTITION))
                .isEqualTo("https://pki.example.com/castellan/team/pki/crl/" + CA + "/" + PARTITION + ".crl");
        assertThat(urls.caIssuers(ca)).isEqualTo("https://pki.example.com/castellan/team/pki/ca/" + CA + ".crt");
        assertThat(urls.ocsp(ca)).isEqualTo("https://pki.example.com/castellan/ocsp/" + CA);
    }

    @Test
    void urls_customCnameAndPath_awsShapeWithTheCaFolder() {
        CertificateAuthority ca = ca(config("crl.example.com", "revocation/v1", true, "ocsp.example.com"));

        assertThat(urls.completeCrl(ca)).isEqualTo("http://crl.example.com/crl/" + CA + ".crl");
        assertThat(urls.partitionCrl(ca, PARTITION))
                .isEqualTo("http://crl.example.com/revocation/v1/" + CA + "/" + PARTITION + ".crl");
        assertThat(DistributionUrls.partitionKey(ca.revocation().crl(), CA, PARTITION))
                .isEqualTo("revocation/v1/" + CA + "/" + PARTITION + ".crl");
        assertThat(urls.ocsp(ca)).isEqualTo("http://ocsp.example.com/ocsp/" + CA);
    }

    @Test
    void urls_crlAndOcspDisabled_caIssuersInThePseudoBucketAndNoOcsp() {
        CertificateAuthority ca = ca(RevocationConfiguration.DISABLED);

        assertThat(urls.caIssuers(ca)).isEqualTo("https://pki.example.com/castellan/ca/ca/" + CA + ".crt");
        assertThat(urls.ocsp(ca)).isNull();
    }
}
