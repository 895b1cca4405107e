package dev.castellan.authority.issuance;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.Serial;

/**
 * The ARN of an issued certificate: the CA's ARN, then {@code /certificate/} and the serial number in lowercase
 * hex, as AWS Private CA forms it.
 */
public record CertificateArn(CaArn ca, Serial serial) {
    private static final String INFIX = "/certificate/";

    public static CertificateArn parse(String text) {
        int at = text == null ? -1 : text.lastIndexOf(INFIX);
        if (at < 0) {
            throw new CastellanException(ErrorCode.INVALID_ARN, "The ARN '" + text
                    + "' is not a certificate ARN of the form <certificate authority ARN>/certificate/<serial>.");
        }
        CaArn ca = CaArn.parse(text.substring(0, at));
        String hex = text.substring(at + INFIX.length());
        if (!hex.matches("[0-9a-f]{1,40}")) {
            throw new CastellanException(ErrorCode.INVALID_ARN,
                    "The certificate ARN '" + text + "' must end in the serial number as lowercase hex.");
        }
        try {
            return new CertificateArn(ca, Serial.parseHex(hex));
        } catch (CastellanException e) {
            throw new CastellanException(ErrorCode.INVALID_ARN, "The certificate ARN '" + text + "': " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return ca + INFIX + serial.hex();
    }
}
