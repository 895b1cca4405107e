package dev.castellan.core.x509;

import dev.castellan.core.CastellanException;
import dev.castellan.core.model.ValiditySpec;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Turns AWS {@code Validity} values into certificate validity instants, relative to an issuance time the caller
 * passes in. Results have whole seconds, the precision X.509 times carry.
 */
public final class ValidityCalculator {
    /** AWS backdates Not Before by 60 minutes when the request gives no ValidityNotBefore, to absorb clock skew. */
    static final Duration DEFAULT_BACKDATE = Duration.ofMinutes(60);
    /** The first instant a UTCTime can express; earlier validity is nonsense, not a use case. */
    private static final Instant FIRST = Instant.parse("1950-01-01T00:00:00Z");
    /** The last instant an X.509 GeneralizedTime can express (RFC 5280 §4.1.2.5: 99991231235959Z). */
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    /** A certificate's validity window; Not After is strictly later than Not Before. */
    public record Window(Instant notBefore, Instant notAfter) {}

    private ValidityCalculator() {}

    /** Not After for a {@code Validity} of any type, relative (DAYS/MONTHS/YEARS, UTC calendar) to {@code now}. */
    public static Instant notAfter(ValiditySpec v, Instant now) {
        long value = v.value();
        if (value < 1) {
            throw CastellanException.invalidArgs("Validity.Value must be at least 1; got " + value + ".");
        }
        Instant result;
        try {
            ZonedDateTime base = now.atZone(ZoneOffset.UTC);
            result = switch (v.type()) {
                case "END_DATE" -> endDate(value);
                case "ABSOLUTE" -> Instant.ofEpochSecond(value);
                case "DAYS" -> base.plusDays(value).toInstant();
                case "MONTHS" -> base.plusMonths(value).toInstant();
                case "YEARS" -> base.plusYears(value).toInstant();
                default -> throw CastellanException.invalidArgs("Unknown Validity.Type '" + v.type()
                        + "'; expected END_DATE, ABSOLUTE, DAYS, MONTHS or YEARS.");
            };
        } catch (DateTimeException | ArithmeticException e) {
            throw CastellanException.invalidArgs("The validity " + value + " " + v.type() + " is out of range.");
        }
        return inRange(result.truncatedTo(ChronoUnit.SECONDS), v);
    }

    /**
     * Not Before: the {@code ValidityNotBefore} if given, which AWS allows only as {@code ABSOLUTE}, else
     * {@code now} minus 60 minutes.
     */
    public static Instant notBefore(ValiditySpec validityNotBefore, Instant now) {
        if (validityNotBefore == null) {
            return now.minus(DEFAULT_BACKDATE).truncatedTo(ChronoUnit.SECONDS);
        }
        if (!"ABSOLUTE".equals(validityNotBefore.type())) {
            throw CastellanException.invalidArgs("ValidityNotBefore must have Type ABSOLUTE; got '"
                    + validityNotBefore.type() + "'.");
        }
        if (validityNotBefore.value() < 1) {
            throw CastellanException.invalidArgs("ValidityNotBefore.Value must be at least 1.");
        }
        try {
            return inRange(Instant.ofEpochSecond(validityNotBefore.value()), validityNotBefore);
        } catch (DateTimeException e) {
            throw CastellanException.invalidArgs("ValidityNotBefore " + validityNotBefore.value() + " is out of range.");
        }
    }

    /** Both ends, checking that Not After is later than Not Before. */
    public static Window window(ValiditySpec validity, ValiditySpec validityNotBefore, Instant now) {
        Instant notBefore = notBefore(validityNotBefore, now);
        Instant notAfter = notAfter(validity, now);
        if (!notAfter.isAfter(notBefore)) {
            throw CastellanException.invalidArgs("The validity ends (" + notAfter + ") before or when it begins ("
                    + notBefore + ").");
        }
        return new Window(notBefore, notAfter);
    }

    /**
     * END_DATE: 12 digits YYMMDDHHMMSS read by the UTCTime rule (YY of 50 and above is 19YY, else 20YY; RFC 5280
     * §4.1.2.5.1), or 14 digits YYYYMMDDHHMMSS; always UTC.
     */
    private static Instant endDate(long value) {
        String digits = Long.toString(value);
        if (digits.length() < 12) {
            // A JSON number loses the leading zeros of YY 00..09: 091231235959 arrives as 91231235959.
            digits = "0".repeat(12 - digits.length()) + digits;
        }
        int year;
        String rest;
        if (digits.length() == 12) {
            int yy = Integer.parseInt(digits.substring(0, 2));
            year = yy >= 50 ? 1900 + yy : 2000 + yy;
            rest = digits.substring(2);
        } else if (digits.length() == 14) {
            year = Integer.parseInt(digits.substring(0, 4));
            rest = digits.substring(4);
        } else {
            throw CastellanException.invalidArgs("An END_DATE validity must be YYMMDDHHMMSS or YYYYMMDDHHMMSS; got "
                    + value + ".");
        }
        try {
            return LocalDateTime.of(year, part(rest, 0), part(rest, 2), part(rest, 4), part(rest, 6), part(rest, 8))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw CastellanException.invalidArgs("The END_DATE " + value + " is not a valid date and time: "
                    + e.getMessage());
        }
    }

    private static int part(String s, int at) {
        return Integer.parseInt(s.substring(at, at + 2));
    }

    private static Instant inRange(Instant t, ValiditySpec v) {
        if (t.isAfter(LAST) || t.isBefore(FIRST)) {
            throw CastellanException.invalidArgs("The validity " + v.value() + " " + v.type()
                    + " falls outside what a certificate can express (1950 to 9999).");
        }
        return t;
    }
}
