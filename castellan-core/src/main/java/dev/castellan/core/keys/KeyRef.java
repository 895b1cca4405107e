package dev.castellan.core.keys;

import java.util.Objects;

/**
 * The address of a key inside a {@link KeyProvider}, as a URI-like string whose scheme names the provider
 * ({@code software:<id>}, {@code pkcs11:...}). It never carries key material.
 */
public record KeyRef(String uri) {
    public KeyRef {
        Objects.requireNonNull(uri);
        if (!uri.contains(":")) {
            throw new IllegalArgumentException("A key reference needs a scheme: " + uri);
        }
    }

    public String scheme() {
        return uri.substring(0, uri.indexOf(':'));
    }

    public String id() {
        return uri.substring(uri.indexOf(':') + 1);
    }

    @Override
    public String toString() {
        return uri;
    }
}
