package dev.castellan.core.crl;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The few DER rules (X.690 §10) the streaming CRL writer needs, written straight into a byte array: definite
 * minimal lengths, two's-complement INTEGERs, and RFC 5280 §4.1.2.5 times (UTCTime for 1950–2049, otherwise
 * GeneralizedTime, both in whole seconds with a Z).
 */
final class Der {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int CONTEXT_0 = 0xA0;

    private Der() {}

    /** Octets of the length field for a content of {@code length} octets. */
    static int lengthOfLength(long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative DER length " + length);
        }
        if (length < 0x80) {
            return 1;
        }
        int octets = 0;
        for (long v = length; v != 0; v >>>= 8) {
            octets++;
        }
        return 1 + octets;
    }

    /** Tag, length and content: the whole TLV of a content of {@code length} octets. */
    static int tlvLength(int length) {
        return 1 + lengthOfLength(length) + length;
    }

    static long tlvLength(long length) {
        return 1 + lengthOfLength(length) + length;
    }

    /** Writes a tag and a length; returns the offset of the content. */
    static int header(byte[] out, int offset, int tag, long length) {
        out[offset++] = (byte) tag;
        int lol = lengthOfLength(length);
        if (lol == 1) {
            out[offset++] = (byte) length;
            return offset;
        }
        out[offset++] = (byte) (0x80 | (lol - 1));
        for (int shift = (lol - 2) * 8; shift >= 0; shift -= 8) {
            out[offset++] = (byte) (length >>> shift);
        }
        return offset;
    }

    /** The header alone, as its own array. */
    static byte[] header(int tag, long length) {
        byte[] out = new byte[1 + lengthOfLength(length)];
        header(out, 0, tag, length);
        return out;
    }

    static int integerContentLength(BigInteger value) {
        return value.bitLength() / 8 + 1;
    }

    static int integer(byte[] out, int offset, BigInteger value) {
        byte[] content = value.toByteArray();
        offset = header(out, offset, INTEGER, content.length);
        System.arraycopy(content, 0, out, offset, content.length);
        return offset + content.length;
    }

    static Instant wholeSeconds(Instant instant) {
        return instant.getNano() == 0 ? instant : Instant.ofEpochSecond(instant.getEpochSecond());
    }

    static boolean utcTime(Instant instant) {
        int year = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC).getYear();
        return year >= 1950 && year <= 2049;
    }

    /** The TLV length of a time: 15 octets as UTCTime, 17 as GeneralizedTime. */
    static int timeLength(Instant instant) {
        return utcTime(instant) ? 15 : 17;
    }

    static int time(byte[] out, int offset, Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("A CRL time must be in the years 0000-9999: " + instant);
        }
        boolean utc = year >= 1950 && year <= 2049;
        out[offset++] = (byte) (utc ? UTC_TIME : GENERALIZED_TIME);
        out[offset++] = (byte) (utc ? 13 : 15);
        if (utc) {
            offset = digits(out, offset, year % 100, 2);
        } else {
            offset = digits(out, offset, year, 4);
        }
        offset = digits(out, offset, t.getMonthValue(), 2);
        offset = digits(out, offset, t.getDayOfMonth(), 2);
        offset = digits(out, offset, t.getHour(), 2);
        offset = digits(out, offset, t.getMinute(), 2);
        offset = digits(out, offset, t.getSecond(), 2);
        out[offset++] = 'Z';
        return offset;
    }

    private static int digits(byte[] out, int offset, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            out[offset + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return offset + width;
    }
}
