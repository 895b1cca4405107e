package dev.castellan.store.jdbc;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.GeneralNameSpec;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON text stored in the {@code configuration} and {@code revocation} columns. Records map by their
 * component names; the one polymorphic type, {@link GeneralNameSpec}, carries a {@code "kind"} discriminator
 * whose names are part of the stored format and must never change. Reading is strict (unknown members fail)
 * so a drift between the records and stored rows shows up as an error, not as silently dropped data.
 */
final class ConfigurationJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addMixIn(GeneralNameSpec.class, GeneralNameKinds.class)
            // Records expose derived booleans such as Subject.isEmpty(); only record components are stored.
            .visibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .defaultPropertyInclusion(JsonInclude.Value.construct(NON_NULL, NON_NULL))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = GeneralNameSpec.Dns.class, name = "dns"),
        @JsonSubTypes.Type(value = GeneralNameSpec.Rfc822.class, name = "rfc822"),
        @JsonSubTypes.Type(value = GeneralNameSpec.Uri.class, name = "uri"),
        @JsonSubTypes.Type(value = GeneralNameSpec.IpAddress.class, name = "ip"),
        @JsonSubTypes.Type(value = GeneralNameSpec.RegisteredId.class, name = "registered-id"),
        @JsonSubTypes.Type(value = GeneralNameSpec.Directory.class, name = "directory"),
        @JsonSubTypes.Type(value = GeneralNameSpec.Other.class, name = "other"),
        @JsonSubTypes.Type(value = GeneralNameSpec.EdiParty.class, name = "edi-party")
    })
    private interface GeneralNameKinds {}

    static {
        // A new GeneralNameSpec variant in core must get a stored name here before anything can write it.
        Set<Class<?>> named = Arrays.stream(GeneralNameKinds.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::value).collect(Collectors.toSet());
        for (Class<?> variant : GeneralNameSpec.class.getPermittedSubclasses()) {
            if (!named.contains(variant)) {
                throw new ExceptionInInitializerError("GeneralNameSpec variant " + variant.getSimpleName()
                        + " has no stored name in ConfigurationJson");
            }
        }
    }

    private ConfigurationJson() {}

    static String write(CaConfiguration configuration) {
        return toJson(configuration);
    }

    static String write(RevocationConfiguration revocation) {
        return toJson(revocation);
    }

    /**
     * Parsed configurations by their JSON text. The values are immutable records and a CA's configuration text
     * rarely changes, so issuing reads each CA's JSON once instead of on every certificate. Bounded: cleared
     * whole when full, which only costs re-parsing.
     */
    private static final int MEMO_LIMIT = 1024;
    private static final java.util.concurrent.ConcurrentHashMap<String, Object> MEMO = new java.util.concurrent.ConcurrentHashMap<>();

    static CaConfiguration readConfiguration(String json) {
        return memoized(json, CaConfiguration.class);
    }

    static RevocationConfiguration readRevocation(String json) {
        return memoized(json, RevocationConfiguration.class);
    }

    private static <T> T memoized(String json, Class<T> type) {
        Object hit = MEMO.get(json);
        if (type.isInstance(hit)) {
            return type.cast(hit);
        }
        T parsed = fromJson(json, type);
        if (MEMO.size() >= MEMO_LIMIT) {
            MEMO.clear();
        }
        MEMO.put(json, parsed);
        return parsed;
    }

    private static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The store could not encode a CA configuration.", e);
        }
    }

    private static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The store holds a CA configuration it cannot read.", e);
        }
    }
}
