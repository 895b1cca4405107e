package dev.castellan.authority.authz;

import java.util.Objects;

/**
 * Who is calling: the access key that authenticated the request and the identity it belongs to. Every
 * privileged operation of the {@code Authority} takes one explicitly; there is no ambient caller.
 */
public record Principal(String accessKeyId, String name, Role role) {
    public enum Role {
        /** May do everything, including managing CAs and their keys. */
        ADMINISTRATOR
    }

    public Principal {
        Objects.requireNonNull(accessKeyId);
        Objects.requireNonNull(name);
        Objects.requireNonNull(role);
    }

    /** The identity internal jobs (schedulers, start-up) act as; it never authenticates over the wire. */
    public static Principal system() {
        return new Principal("-", "castellan-system", Role.ADMINISTRATOR);
    }
}
