package dev.castellan.core.model;

import dev.castellan.core.CastellanException;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A certificate serial number: positive and at most 20 octets (RFC 5280 §4.1.2.2). Rendered as lowercase hex
 * without separators, the form AWS puts at the end of certificate ARNs.
 */
public record Serial(BigInteger value) {
    public Serial {
        Objects.requireNonNull(value);
        if (value.signum() <= 0 || value.bitLength() > 159) {
            throw CastellanException.invalidArgs("A serial number must be positive and at most 20 octets.");
        }
    }

    /** A random positive 128-bit serial; the top bit is forced so every serial has the same length. */
    public static Serial random(RandomGenerator random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[0] |= (byte) 0x80;
        return new Serial(new BigInteger(1, bytes));
    }

    /** Parses hex with or without colons, in either case, as AWS accepts for RevokeCertificate. */
    public static Serial parseHex(String text) {
        String digits = text.replace(":", "");
        if (digits.isEmpty() || digits.length() > 40 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw CastellanException.invalidArgs("The serial number '" + text + "' is not hexadecimal of at most 20 octets.");
        }
        BigInteger v = new BigInteger(digits, 16);
        if (v.signum() == 0) {
            throw CastellanException.invalidArgs("A serial number must be positive.");
        }
        return new Serial(v);
    }

    public String hex() {
        return value.toString(16);
    }

    /** Colon-separated lowercase hex pairs, as audit reports and {@code openssl} print serials. */
    public String colonHex() {
        byte[] bytes = value.toByteArray();
        int from = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return HexFormat.ofDelimiter(":").formatHex(bytes, from, bytes.length);
    }

    @Override
    public String toString() {
        return hex();
    }
}
