package dev.castellan.authority.ca;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** AWS's tag rules: key 1–128 and value 0–256 characters of a restricted set, at most 50 per CA. */
final class TagRules {
    static final int MAX_TAGS = 50;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private TagRules() {}

    static void check(List<Tag> tags) {
        for (Tag t : tags) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128 || !ALLOWED.matcher(t.key()).matches()) {
                throw new CastellanException(ErrorCode.INVALID_TAG, "The tag key '" + t.key()
                        + "' must be 1 to 128 letters, digits, spaces or _.:/=+-@.");
            }
            if (t.key().toLowerCase().startsWith("aws:")) {
                throw new CastellanException(ErrorCode.INVALID_TAG,
                        "The tag key '" + t.key() + "' uses the reserved prefix 'aws:'.");
            }
            if (t.value().length() > 256 || !ALLOWED.matcher(t.value()).matches()) {
                throw new CastellanException(ErrorCode.INVALID_TAG, "The value of tag '" + t.key()
                        + "' must be at most 256 letters, digits, spaces or _.:/=+-@.");
            }
        }
    }

    /** Adds or overwrites tags by key, keeping first-seen order, and enforces the limit on the result. */
    static List<Tag> merge(List<Tag> existing, List<Tag> added) {
        Map<String, String> byKey = new LinkedHashMap<>();
        existing.forEach(t -> byKey.put(t.key(), t.value()));
        added.forEach(t -> byKey.put(t.key(), t.value()));
        if (byKey.size() > MAX_TAGS) {
            throw new CastellanException(ErrorCode.TOO_MANY_TAGS,
                    "A certificate authority can have at most " + MAX_TAGS + " tags; this would make " + byKey.size() + ".");
        }
        List<Tag> out = new ArrayList<>();
        byKey.forEach((k, v) -> out.add(new Tag(k, v)));
        return out;
    }

    /** Removes tags by key; a tag given with a value is removed only when the value matches too. */
    static List<Tag> remove(List<Tag> existing, List<Tag> removed, List<Boolean> valueGiven) {
        List<Tag> out = new ArrayList<>(existing);
        for (int i = 0; i < removed.size(); i++) {
            Tag r = removed.get(i);
            boolean matchValue = valueGiven.get(i);
            out.removeIf(t -> t.key().equals(r.key()) && (!matchValue || t.value().equals(r.value())));
        }
        return out;
    }
}
