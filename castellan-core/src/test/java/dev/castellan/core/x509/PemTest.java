package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written PEM encoder against BouncyCastle's PemWriter, and back through Pem's own decoder. */
class PemTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 47, 48, 49, 96, 97, 700, 4096})
    void encode_anyLength_isExactlyWhatPemWriterWritesAndDecodesBack(int length) throws Exception {
        byte[] der = new byte[length];
        new Random(length).nextBytes(der);
        StringWriter expected = new StringWriter();
        try (PemWriter w = new PemWriter(expected)) {
            w.writeObject(new PemObject("CERTIFICATE", der));
        }

        String pem = Pem.encode("CERTIFICATE", der);

        assertThat(pem).isEqualTo(expected.toString().replace(System.lineSeparator(), "\n"));
        List<byte[]> back = Pem.decodeAll(pem, "CERTIFICATE");
        assertThat(back).hasSize(1);
        assertThat(back.getFirst()).isEqualTo(der);
    }
}
