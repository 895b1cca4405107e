package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.testkit.Openssl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameConstraintsEncoderTest {

    @Test
    void encode_permittedAndExcluded_decodesWithBouncyCastleAndOpenssl(@TempDir Path dir) throws Exception {
        byte[] der = NameConstraintsEncoder.encode(List.of("example.com", "example.org"), List.of(".prod.example.com"));

        NameConstraints nc = NameConstraints.getInstance(der);
        assertThat(Arrays.stream(nc.getPermittedSubtrees()).map(GeneralSubtree::getBase).map(Object::toString))
                .containsExactly("2: example.com", "2: example.org");
        assertThat(Arrays.stream(nc.getExcludedSubtrees()).map(GeneralSubtree::getBase).map(Object::toString))
                .containsExactly("2: .prod.example.com");
        Path file = dir.resolve("nc.der");
        Files.write(file, der);
        String parsed = Openssl.run("/usr/bin/openssl", "asn1parse", "-inform", "DER", "-in", file.toString());
        // permittedSubtrees [0] and excludedSubtrees [1], each base an implicit dNSName [2] (RFC 5280 §4.2.1.10);
        // openssl locates each name, and the bytes there are the names in order.
        assertThat(parsed).contains("cont [ 0 ]", "cont [ 1 ]");
        List<String> names = parsed.lines().filter(l -> l.contains("prim: cont [ 2 ]")).map(l -> {
            Matcher m = Pattern.compile("(\\d+):d=\\d+\\s+hl=(\\d+)\\s+l=\\s*(\\d+)").matcher(l);
            assertThat(m.find()).isTrue();
            int from = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
            return new String(der, from, Integer.parseInt(m.group(3)), StandardCharsets.US_ASCII);
        }).toList();
        assertThat(names).containsExactly("example.com", "example.org", ".prod.example.com");
    }

    @Test
    void encode_excludedOnly_omitsPermittedSubtrees() {
        NameConstraints nc = NameConstraints.getInstance(NameConstraintsEncoder.encode(List.of(), List.of("bad.example")));

        assertThat(nc.getPermittedSubtrees()).isNull();
        assertThat(nc.getExcludedSubtrees()).hasSize(1);
    }

    @Test
    void encode_nothingOrBadNames_isInvalidArgs() {
        for (List<String> permitted : List.of(List.<String>of(), List.of("not a name"), List.of("-bad.example"),
                List.of("a..example"), List.of("*.example.com"), List.of("http://example.com"))) {
            assertThatThrownBy(() -> NameConstraintsEncoder.encode(permitted, List.of()))
                    .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS));
        }
    }
}
