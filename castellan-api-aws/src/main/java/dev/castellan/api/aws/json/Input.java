package dev.castellan.api.aws.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.core.CastellanException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A JSON request object read against its AWS shape: each getter checks type, presence, length and pattern and
 * names the offending member by its path in the message, as AWS's own validation does. Wrong JSON types are
 * {@link WireException serialization errors}; broken constraints are validation errors.
 */
public final class Input {
    private final ObjectNode node;
    private final String path;

    public Input(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    private String at(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    private Optional<JsonNode> raw(String member) {
        JsonNode v = node.get(member);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    public boolean has(String member) {
        return raw(member).isPresent();
    }

    public Optional<String> string(String member, int min, int max, Pattern pattern) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isTextual()) {
            throw WireException.serialization("Expected a string at '" + at(member) + "'.");
        }
        String s = v.get().textValue();
        if (s.length() < min || s.length() > max) {
            throw constraint(member, "Member must have length " + (min == max ? "" + min : "between " + min + " and " + max));
        }
        if (pattern != null && !pattern.matcher(s).matches()) {
            throw constraint(member, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return Optional.of(s);
    }

    public String requiredString(String member, int min, int max, Pattern pattern) {
        return string(member, min, max, pattern).orElseThrow(() -> missing(member));
    }

    public <E extends Enum<E>> Optional<E> enumValue(String member, Class<E> type) {
        return string(member, 0, 256, null).map(s -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(s)) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add(e.name());
            }
            throw constraint(member, "Member must satisfy enum value set: " + allowed, s);
        });
    }

    public <E extends Enum<E>> E requiredEnum(String member, Class<E> type) {
        return enumValue(member, type).orElseThrow(() -> missing(member));
    }

    public Optional<Long> integer(String member, long min, long max) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isIntegralNumber() || !v.get().canConvertToLong()) {
            throw WireException.serialization("Expected an integer at '" + at(member) + "'.");
        }
        long n = v.get().longValue();
        if (n < min || n > max) {
            throw constraint(member, "Member must have value " + (max == Long.MAX_VALUE
                    ? "greater than or equal to " + min : "between " + min + " and " + max), Long.toString(n));
        }
        return Optional.of(n);
    }

    public Optional<Boolean> bool(String member) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isBoolean()) {
            throw WireException.serialization("Expected a boolean at '" + at(member) + "'.");
        }
        return Optional.of(v.get().booleanValue());
    }

    public boolean requiredBool(String member) {
        return bool(member).orElseThrow(() -> missing(member));
    }

    /** A blob member: base64 text on the wire, bytes here, with the model's length limits on the bytes. */
    public Optional<byte[]> blob(String member, int min, int max) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isTextual()) {
            throw WireException.serialization("Expected base64 text at '" + at(member) + "'.");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(v.get().textValue());
        } catch (IllegalArgumentException e) {
            throw WireException.serialization("The value at '" + at(member) + "' is not valid base64.");
        }
        if (bytes.length < min || bytes.length > max) {
            throw constraint(member, "Member must have length between " + min + " and " + max);
        }
        return Optional.of(bytes);
    }

    public byte[] requiredBlob(String member, int min, int max) {
        return blob(member, min, max).orElseThrow(() -> missing(member));
    }

    public Optional<Input> object(String member) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (!v.get().isObject()) {
            throw WireException.serialization("Expected an object at '" + at(member) + "'.");
        }
        return Optional.of(new Input((ObjectNode) v.get(), at(member)));
    }

    public Input requiredObject(String member) {
        return object(member).orElseThrow(() -> missing(member));
    }

    /** A list of structures, each read by {@code element}; null when absent. */
    public <T> List<T> list(String member, int min, int max, Function<Input, T> element) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return null;
        }
        if (!v.get().isArray()) {
            throw WireException.serialization("Expected a list at '" + at(member) + "'.");
        }
        if (v.get().size() < min || v.get().size() > max) {
            throw constraint(member, "Member must have length between " + min + " and " + max);
        }
        List<T> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v.get()) {
            if (!e.isObject()) {
                throw WireException.serialization("Expected an object at '" + at(member) + "[" + i + "]'.");
            }
            out.add(element.apply(new Input((ObjectNode) e, at(member) + "[" + i + "]")));
            i++;
        }
        return out;
    }

    /** A list of strings; null when absent. */
    public List<String> stringList(String member, int min, int max) {
        Optional<JsonNode> v = raw(member);
        if (v.isEmpty()) {
            return null;
        }
        if (!v.get().isArray()) {
            throw WireException.serialization("Expected a list at '" + at(member) + "'.");
        }
        if (v.get().size() < min || v.get().size() > max) {
            throw constraint(member, "Member must have length between " + min + " and " + max);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v.get()) {
            if (!e.isTextual()) {
                throw WireException.serialization("Expected strings in the list at '" + at(member) + "'.");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Exactly one of the given members must be present (AWS "union" shapes such as GeneralName). */
    public String exactlyOne(String... members) {
        String found = null;
        for (String m : members) {
            if (has(m)) {
                if (found != null) {
                    throw CastellanException.invalidArgs("Only one of " + String.join(", ", members) + " may be set at '"
                            + (path.isEmpty() ? "request" : path) + "'.");
                }
                found = m;
            }
        }
        if (found == null) {
            throw CastellanException.invalidArgs("One of " + String.join(", ", members) + " must be set at '"
                    + (path.isEmpty() ? "request" : path) + "'.");
        }
        return found;
    }

    private CastellanException missing(String member) {
        return CastellanException.validation("1 validation error detected: Value null at '" + at(member)
                + "' failed to satisfy constraint: Member must not be null");
    }

    private CastellanException constraint(String member, String rule) {
        return CastellanException.validation("1 validation error detected: Value at '" + at(member)
                + "' failed to satisfy constraint: " + rule);
    }

    private CastellanException constraint(String member, String rule, String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return CastellanException.validation("1 validation error detected: Value '" + shown + "' at '" + at(member)
                + "' failed to satisfy constraint: " + rule);
    }
}
