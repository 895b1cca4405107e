package dev.castellan.authority.kms;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code Marker} of ListKeys and ListAliases: the last key id or alias name of the previous page, with a
 * kind prefix so that a marker of one listing is refused by the other. Keys and aliases are listed in a stable
 * order, so a marker stays valid while others are created.
 */
final class Markers {
    private Markers() {}

    static String encode(String kind, String last) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + last).getBytes(StandardCharsets.UTF_8));
    }

    /** The last item of the previous page, or null for no marker. */
    static String decode(String kind, String marker) {
        if (marker == null) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (raw.startsWith(kind + ":") && raw.length() > kind.length() + 1) {
                return raw.substring(kind.length() + 1);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as a marker of the wrong kind
        }
        throw new CastellanException(ErrorCode.INVALID_NEXT_TOKEN, "The Marker is not valid.");
    }
}
