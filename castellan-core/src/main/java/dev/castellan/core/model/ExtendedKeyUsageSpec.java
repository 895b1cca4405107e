package dev.castellan.core.model;

import dev.castellan.core.CastellanException;
import java.util.Map;

/**
 * One entry of an AWS {@code ExtendedKeyUsage} list: either a named {@code ExtendedKeyUsageType} or a custom
 * object identifier, never both.
 */
public record ExtendedKeyUsageSpec(String type, String objectIdentifier) {
    /** The AWS {@code ExtendedKeyUsageType} names and the key purpose each stands for. */
    private static final Map<String, String> TYPE_OIDS = Map.of(
            "SERVER_AUTH", "1.3.6.1.5.5.7.3.1",
            "CLIENT_AUTH", "1.3.6.1.5.5.7.3.2",
            "CODE_SIGNING", "1.3.6.1.5.5.7.3.3",
            "EMAIL_PROTECTION", "1.3.6.1.5.5.7.3.4",
            "TIME_STAMPING", "1.3.6.1.5.5.7.3.8",
            "OCSP_SIGNING", "1.3.6.1.5.5.7.3.9",
            "SMART_CARD_LOGIN", "1.3.6.1.4.1.311.20.2.2",
            "DOCUMENT_SIGNING", "1.3.6.1.4.1.311.10.3.12",
            "CERTIFICATE_TRANSPARENCY", "1.3.6.1.4.1.11129.2.4.4");

    public ExtendedKeyUsageSpec {
        if ((type == null) == (objectIdentifier == null)) {
            throw CastellanException.invalidArgs(
                    "An ExtendedKeyUsage needs exactly one of ExtendedKeyUsageType and ExtendedKeyUsageObjectIdentifier.");
        }
        if (type != null && !TYPE_OIDS.containsKey(type)) {
            throw CastellanException.invalidArgs("Unknown ExtendedKeyUsageType '" + type + "'.");
        }
    }

    public static ExtendedKeyUsageSpec ofType(String type) {
        return new ExtendedKeyUsageSpec(type, null);
    }

    public static ExtendedKeyUsageSpec ofOid(String objectIdentifier) {
        return new ExtendedKeyUsageSpec(null, objectIdentifier);
    }

    /** The dotted key-purpose OID this entry stands for. */
    public String oid() {
        return type != null ? TYPE_OIDS.get(type) : objectIdentifier;
    }
}
