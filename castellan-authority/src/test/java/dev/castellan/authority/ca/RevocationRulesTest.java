package dev.castellan.authority.ca;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The revocation configuration checks, table-driven: each refused case is named by its defect. */
class RevocationRulesTest {
    static RevocationConfiguration crl(String bucket, String customPath, String cname, Boolean omit) {
        return new RevocationConfiguration(
                new RevocationConfiguration.Crl(true, 7, cname, bucket, null, "PARTITIONED", customPath, omit), null);
    }

    @Test
    void check_acceptableConfigurations_pass() {
        for (RevocationConfiguration ok : List.of(crl("pki", null, null, null), crl("team/pki", "a/b-c_d.e", null, false),
                crl("pki", "", "crl.example.com", null), crl("pki", "crl", null, true), RevocationConfiguration.DISABLED)) {
            assertThatCode(() -> RevocationRules.check(ok)).as(ok.toString()).doesNotThrowAnyException();
        }
    }

    record Refused(String defect, RevocationConfiguration configuration) {}

    @Test
    void check_refusedConfigurations_failInvalidArgs() {
        List<Refused> refused = List.of(
                new Refused("bucket escaping the data directory", crl("../etc", null, null, null)),
                new Refused("empty bucket segment", crl("a//b", null, null, null)),
                new Refused("dot segment in CustomPath", crl("pki", "a/./b", null, null)),
                new Refused("parent segment in CustomPath", crl("pki", "a/../../b", null, null)),
                new Refused("trailing slash in CustomPath", crl("pki", "a/", null, null)),
                new Refused("query in CustomPath", crl("pki", "a?b", null, null)),
                new Refused("percent in CustomPath", crl("pki", "a%2Fb", null, null)),
                new Refused("OmitExtension with CustomCname", crl("pki", null, "crl.example.com", true)),
                new Refused("scheme in CustomCname", crl("pki", null, "http://crl.example.com", null)),
                new Refused("enabled without bucket", crl(null, null, null, null)),
                new Refused("disabled with members", new RevocationConfiguration(
                        new RevocationConfiguration.Crl(false, 7, null, null, null, null, null, null), null)));
        for (Refused r : refused) {
            assertThatThrownBy(() -> RevocationRules.check(r.configuration())).as(r.defect())
                    .isInstanceOf(CastellanException.class);
        }
    }
}
