package dev.castellan.authority;

import java.util.Objects;

/** Identity of this Castellan installation as it appears in ARNs. */
public record AuthoritySettings(String partition, String region, String account) {
    public AuthoritySettings {
        Objects.requireNonNull(partition);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        if (!account.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("account must be 12 digits: " + account);
        }
        if (!region.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("region must be lowercase letters, digits and '-': " + region);
        }
    }
}
