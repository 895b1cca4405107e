package dev.castellan.core.model;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An AWS {@code CustomExtension}: an extension OID, the DER of its {@code extnValue} (AWS sends it base64), and
 * whether it is critical.
 */
public record CustomExtensionSpec(String objectIdentifier, byte[] derValue, boolean critical) {
    public CustomExtensionSpec {
        Objects.requireNonNull(objectIdentifier, "objectIdentifier");
        derValue = Objects.requireNonNull(derValue, "derValue").clone();
    }

    @Override
    public byte[] derValue() {
        return derValue.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CustomExtensionSpec c && objectIdentifier.equals(c.objectIdentifier)
                && Arrays.equals(derValue, c.derValue) && critical == c.critical;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objectIdentifier, Arrays.hashCode(derValue), critical);
    }

    @Override
    public String toString() {
        return "CustomExtensionSpec[" + objectIdentifier + ", " + HexFormat.of().formatHex(derValue)
                + (critical ? ", critical]" : "]");
    }
}
