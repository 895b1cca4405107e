package dev.castellan.core.model;

import java.util.Objects;

/**
 * An AWS {@code Validity}: a value and how to read it, one of {@code END_DATE} (YYMMDDHHMMSS or
 * YYYYMMDDHHMMSS), {@code ABSOLUTE} (epoch seconds), {@code DAYS}, {@code MONTHS} or {@code YEARS} (relative to
 * the issuance time). Whether the value makes sense is judged by {@code ValidityCalculator}.
 */
public record ValiditySpec(long value, String type) {
    public ValiditySpec {
        Objects.requireNonNull(type, "type");
    }
}
