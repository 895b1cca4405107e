package dev.castellan.api.aws.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as received, in the form SigV4 signs it.
 *
 * @param method the HTTP method, as sent
 * @param rawPath the path exactly as on the wire, still percent-encoded, without the query
 * @param rawQuery the query exactly as on the wire, without {@code ?}; null is read as empty
 * @param headers header values by name; names are lowercased here, and values of names differing only in case
 *     are merged in iteration order
 * @param body the request body; null is read as empty
 */
public record SignedRequest(
        String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = lowercased(Objects.requireNonNull(headers, "headers"));
        body = body == null ? new byte[0] : body.clone();
    }

    /** Returns a copy of the body, so the request stays immutable. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /** Returns the values of header {@code lowercaseName}, empty when absent. */
    List<String> header(String lowercaseName) {
        return headers.getOrDefault(lowercaseName, List.of());
    }

    private static Map<String, List<String>> lowercased(Map<String, List<String>> headers) {
        Map<String, List<String>> merged = new LinkedHashMap<>();
        headers.forEach((name, values) -> merged
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values == null ? List.of() : values));
        merged.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(merged);
    }
}
