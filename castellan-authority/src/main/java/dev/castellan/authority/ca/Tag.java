package dev.castellan.authority.ca;

/** A key/value label on a CA; the value may be empty. */
public record Tag(String key, String value) {
    public Tag {
        value = value == null ? "" : value;
    }
}
