package dev.castellan.core.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.ValiditySpec;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValidityCalculatorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:34:56.789Z");

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource({
            "301231235959, END_DATE, 2030-12-31T23:59:59Z",
            "491231235959, END_DATE, 2049-12-31T23:59:59Z",
            "500101000000, END_DATE, 1950-01-01T00:00:00Z",
            "991231235959, END_DATE, 1999-12-31T23:59:59Z",
            "91231235959, END_DATE, 2009-12-31T23:59:59Z",
            "20491231235959, END_DATE, 2049-12-31T23:59:59Z",
            "20991231000000, END_DATE, 2099-12-31T00:00:00Z",
            "1924905600, ABSOLUTE, 2030-12-31T00:00:00Z",
            "365, DAYS, 2027-11-28T12:34:56Z",
            "1, MONTHS, 2026-12-28T12:34:56Z",
            "3, MONTHS, 2027-02-28T12:34:56Z",
            "10, YEARS, 2036-11-28T12:34:56Z"})
    void notAfter_validValue_isComputedInUtcWithWholeSeconds(long value, String type, String expected) {
        assertThat(ValidityCalculator.notAfter(new ValiditySpec(value, type), NOW)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void notAfter_monthsFromEndOfMonthAndYearsFromLeapDay_clampToMonthEnd() {
        assertThat(ValidityCalculator.notAfter(new ValiditySpec(1, "MONTHS"), Instant.parse("2027-01-31T00:00:00Z")))
                .isEqualTo(Instant.parse("2027-02-28T00:00:00Z"));
        assertThat(ValidityCalculator.notAfter(new ValiditySpec(1, "YEARS"), Instant.parse("2028-02-29T10:00:00Z")))
                .isEqualTo(Instant.parse("2029-02-28T10:00:00Z"));
    }

    @ParameterizedTest(name = "{1} {0}: {2}")
    @CsvSource({
            "0, DAYS, at least 1",
            "-5, ABSOLUTE, at least 1",
            "301331235959, END_DATE, not a valid date",
            "300230120000, END_DATE, not a valid date",
            "3012312359590, END_DATE, YYMMDDHHMMSS or YYYYMMDDHHMMSS",
            "123456789012345, END_DATE, YYMMDDHHMMSS or YYYYMMDDHHMMSS",
            "9223372036854775807, YEARS, out of range",
            "9000, YEARS, 1950 to 9999",
            "253402300800, ABSOLUTE, 1950 to 9999",
            "10, WEEKS, Unknown Validity.Type"})
    void notAfter_badValue_isInvalidArgs(long value, String type, String fragment) {
        assertThatThrownBy(() -> ValidityCalculator.notAfter(new ValiditySpec(value, type), NOW))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS))
                .hasMessageContaining(fragment);
    }

    @Test
    void notBefore_notGiven_isNowMinus60MinutesInWholeSeconds() {
        assertThat(ValidityCalculator.notBefore(null, NOW)).isEqualTo(Instant.parse("2026-11-28T11:34:56Z"));
    }

    @Test
    void notBefore_absolute_isThatInstant() {
        assertThat(ValidityCalculator.notBefore(new ValiditySpec(1893456000, "ABSOLUTE"), NOW))
                .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void notBefore_otherThanAbsolute_isInvalidArgs() {
        assertThatThrownBy(() -> ValidityCalculator.notBefore(new ValiditySpec(1, "DAYS"), NOW))
                .isInstanceOfSatisfying(CastellanException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGS))
                .hasMessageContaining("ABSOLUTE");
    }

    @Test
    void window_endNotAfterStart_isInvalidArgs() {
        ValiditySpec start = new ValiditySpec(1924992000, "ABSOLUTE");

        assertThatThrownBy(() -> ValidityCalculator.window(new ValiditySpec(1924992000, "ABSOLUTE"), start, NOW))
                .isInstanceOf(CastellanException.class).hasMessageContaining("before or when it begins");
        assertThatThrownBy(() -> ValidityCalculator.window(new ValiditySpec(301231235959L, "END_DATE"), start, NOW))
                .isInstanceOf(CastellanException.class);
    }

    @Test
    void window_defaults_spanBackdatedStartToEnd() {
        ValidityCalculator.Window w = ValidityCalculator.window(new ValiditySpec(7, "DAYS"), null, NOW);

        assertThat(w.notBefore()).isEqualTo(Instant.parse("2026-11-28T11:34:56Z"));
        assertThat(w.notAfter()).isEqualTo(Instant.parse("2026-12-05T12:34:56Z"));
    }
}
