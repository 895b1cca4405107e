package dev.castellan.core.x509;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.bouncycastle.asn1.x509.Time;

/**
 * Certificate times (RFC 5280 §4.1.2.5) to and from {@link Instant}, in the DER form only: UTCTime
 * {@code YYMMDDHHMMSSZ} through 2049, GeneralizedTime {@code YYYYMMDDHHMMSSZ} from 2050.
 *
 * <p>Why not BouncyCastle's {@code new Time(Date)} and {@code Time.getDate()}: both go through a new
 * {@code SimpleDateFormat} each call, which a profile of issuance put at 2% of the server's CPU (two times written
 * per certificate, four read back by the linter). Anything that is not in the strict DER form is left to
 * BouncyCastle, so odd encodings read exactly as before.
 */
public final class DerTimes {
    private static final int UTC_TAG = 0x17;
    private static final int GENERALIZED_TAG = 0x18;

    private DerTimes() {}

    /** The RFC 5280 encoding of {@code t}, truncated to whole seconds. */
    public static Time of(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 1950 || year > 9999) {
            return new Time(Date.from(t)); // outside what a certificate should carry: BouncyCastle's own choice
        }
        boolean utc = year < 2050;
        byte[] der = new byte[utc ? 15 : 17];
        der[0] = (byte) (utc ? UTC_TAG : GENERALIZED_TAG);
        der[1] = (byte) (der.length - 2);
        int at = 2;
        at = utc ? digits(der, at, year % 100, 2) : digits(der, at, year, 4);
        at = digits(der, at, d.getMonthValue(), 2);
        at = digits(der, at, d.getDayOfMonth(), 2);
        at = digits(der, at, d.getHour(), 2);
        at = digits(der, at, d.getMinute(), 2);
        at = digits(der, at, d.getSecond(), 2);
        der[at] = 'Z';
        return new Time(utc ? ASN1UTCTime.getInstance(der) : ASN1GeneralizedTime.getInstance(der));
    }

    /** The instant a certificate time names. */
    public static Instant instant(Time t) {
        ASN1Primitive p = t.toASN1Primitive();
        try {
            byte[] der = p.getEncoded();
            boolean utc = p instanceof ASN1UTCTime;
            int expected = utc ? 15 : 17;
            if (der.length == expected && der[1] == expected - 2 && der[expected - 1] == 'Z') {
                Instant strict = parse(der, utc);
                if (strict != null) {
                    return strict;
                }
            }
            return t.getDate().toInstant();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The time does not encode: " + e.getMessage(), e);
        }
    }

    private static Instant parse(byte[] der, boolean utc) {
        int at = 2;
        int year;
        if (utc) {
            int yy = number(der, at, 2);
            year = yy < 0 ? -1 : (yy < 50 ? 2000 + yy : 1900 + yy);
            at += 2;
        } else {
            year = number(der, at, 4);
            at += 4;
        }
        int month = number(der, at, 2);
        int day = number(der, at + 2, 2);
        int hour = number(der, at + 4, 2);
        int minute = number(der, at + 6, 2);
        int second = number(der, at + 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // e.g. February 30th: BouncyCastle decides what that means
        }
    }

    /** The decimal number in {@code length} ASCII digits at {@code at}, or -1 if any is not a digit. */
    private static int number(byte[] b, int at, int length) {
        int n = 0;
        for (int i = at; i < at + length; i++) {
            int digit = b[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            n = n * 10 + digit;
        }
        return n;
    }

    private static int digits(byte[] out, int at, int value, int length) {
        for (int i = at + length - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return at + length;
    }
}
