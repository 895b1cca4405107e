package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateTemplateTest {

    @Test
    void all_comparedWithAwsTable_holdsExactlyThe61Templates() {
        List<String> names = CertificateTemplate.all().stream().map(CertificateTemplate::name).toList();
        assertThat(AwsTemplateTable.names()).hasSize(61).doesNotHaveDuplicates();
        assertThat(names).containsExactlyInAnyOrderElementsOf(AwsTemplateTable.names());
    }

    @Test
    void defaultTemplate_always_isEndEntityCertificateV1() {
        assertThat(CertificateTemplate.defaultTemplate().arn()).isEqualTo("arn:aws:acm-pca:::template/EndEntityCertificate/V1");
    }

    @Test
    void fromArn_unknownOrWrongVersionOrNull_isEmpty() {
        assertThat(CertificateTemplate.fromArn("arn:aws:acm-pca:::template/EndEntityCertificate/V2")).isEmpty();
        assertThat(CertificateTemplate.fromArn("arn:aws:acm-pca:::template/RootCACertificate_CSRPassthrough/V1")).isEmpty();
        assertThat(CertificateTemplate.fromArn("EndEntityCertificate/V1")).isEmpty();
        assertThat(CertificateTemplate.fromArn(null)).isEmpty();
    }

    static List<String> names() {
        return AwsTemplateTable.names();
    }

    @ParameterizedTest
    @MethodSource("names")
    void fromArn_eachAwsTemplate_matchesReferenceTable(String name) {
        CertificateTemplate t = CertificateTemplate.fromArn("arn:aws:acm-pca:::template/" + name + "/V1").orElseThrow();
        AwsTemplateTable.Row row = AwsTemplateTable.row(name);

        assertThat(t.name()).isEqualTo(name);
        assertThat(t.isCaTemplate()).isEqualTo(row.ca());
        assertThat(t.kind()).isEqualTo(row.root() ? CertificateTemplate.Kind.ROOT_CA
                : row.ca() ? CertificateTemplate.Kind.SUBORDINATE_CA : CertificateTemplate.Kind.END_ENTITY);
        assertThat(t.basicConstraintsCritical()).isEqualTo(row.bcCritical());
        assertThat(t.pathLength().isPresent() ? t.pathLength().getAsInt() : null).isEqualTo(row.pathLen());
        assertThat(t.honoursApiPassthrough()).isEqualTo(row.api());
        assertThat(t.honoursCsrPassthrough()).isEqualTo(row.csr());
        assertThat(t.includesAuthorityKeyIdentifier()).isEqualTo(!row.root());
        assertThat(t.extendedKeyUsage().stream().map(KeyPurposeId::getId).toList()).isEqualTo(row.eku());
        assertThat(t.extendedKeyUsageCritical()).isEqualTo(row.ekuCritical());
        if (row.ku() == null) {
            assertThat(t.keyUsage()).isEmpty();
        } else {
            int expected = Arrays.stream(row.ku()).map(i -> 1 << (7 - i)).reduce(0, (a, b) -> a | b);
            assertThat(t.keyUsage()).contains(new KeyUsage(expected));
        }
    }
}
