package dev.castellan.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.it.support.Clients;
import dev.castellan.it.support.Pki;
import dev.castellan.it.support.ServerProcess;
import dev.castellan.it.support.WorkDir;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.InvalidArgsException;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * IssueCertificate's IdempotencyToken through the stock SDK: the same token with the same arguments returns the same
 * certificate; the same token with any other argument is refused, even a CSR built to share the old fingerprint's
 * hash code.
 */
class IssuanceIdempotencyIT {
    @Test
    void sameToken_sameArgumentsReplay_otherArgumentsAreRefused() throws Exception {
        Path tmp = WorkDir.create(getClass());
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), null); AcmPcaClient pca = Clients.acmPca(server)) {
            String ca = Pki.activeRoot(pca, KeyAlgorithm.EC_PRIME256_V1, SigningAlgorithm.SHA256_WITHECDSA, "Idempotency Root");
            SdkBytes csr = Pki.csr("CN=idempotent.example", Pki.p256());
            String token = "tok-" + UUID.randomUUID().toString().substring(0, 8);

            String first = issue(pca, ca, csr, token);
            assertThat(issue(pca, ca, csr, token)).isEqualTo(first);
            assertThat(pca.getCertificate(r -> r.certificateAuthorityArn(ca).certificateArn(first)).certificate())
                    .startsWith("-----BEGIN CERTIFICATE-----");
            // Without a token every call issues anew.
            assertThat(issue(pca, ca, csr, null)).isNotEqualTo(issue(pca, ca, csr, null)).isNotEqualTo(first);

            SdkBytes otherKey = Pki.csr("CN=idempotent.example", Pki.p256());
            assertThatThrownBy(() -> issue(pca, ca, otherKey, token))
                    .isInstanceOf(InvalidArgsException.class).hasMessageContaining("IdempotencyToken");

            byte[] colliding = sameHashCode(csr.asByteArray());
            assertThat(Arrays.hashCode(colliding)).isEqualTo(Arrays.hashCode(csr.asByteArray()));
            assertThat(colliding).hasSameSizeAs(csr.asByteArray()).isNotEqualTo(csr.asByteArray());
            assertThatThrownBy(() -> issue(pca, ca, SdkBytes.fromByteArray(colliding), token))
                    .isInstanceOf(InvalidArgsException.class).hasMessageContaining("IdempotencyToken");
        }
    }

    private static String issue(AcmPcaClient pca, String ca, SdkBytes csr, String token) {
        return pca.issueCertificate(r -> r.certificateAuthorityArn(ca).csr(csr)
                .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).idempotencyToken(token)
                .validity(v -> v.type(ValidityPeriodType.DAYS).value(7L))).certificateArn();
    }

    /**
     * The PEM with two neighbouring base64 characters (a, b) replaced by (a + 1, b - 31): Arrays.hashCode, 31 h + x per
     * byte, comes out the same, and the text is still base64 (another DER, whose signature no longer verifies).
     */
    private static byte[] sameHashCode(byte[] pem) {
        String base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        byte[] out = pem.clone();
        int body = new String(pem, java.nio.charset.StandardCharsets.US_ASCII).indexOf('\n') + 1;
        for (int i = body; i + 1 < out.length; i++) {
            char a = (char) out[i];
            char b = (char) out[i + 1];
            if (base64.indexOf(a) >= 0 && base64.indexOf(b) >= 0 && base64.indexOf(a + 1) >= 0
                    && base64.indexOf(b - 31) >= 0 && a != '/' && b - 31 != '\n') {
                out[i] = (byte) (a + 1);
                out[i + 1] = (byte) (b - 31);
                return out;
            }
        }
        throw new IllegalStateException("no pair of characters to change");
    }
}
