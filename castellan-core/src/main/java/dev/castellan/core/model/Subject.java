package dev.castellan.core.model;

import java.util.List;

/**
 * A distinguished name as AWS Private CA's {@code ASN1Subject} describes it: named attributes, or a list of
 * custom attributes (OID and value) in the order given. The two forms are exclusive.
 */
public record Subject(
        String country,
        String organization,
        String organizationalUnit,
        String distinguishedNameQualifier,
        String state,
        String commonName,
        String serialNumber,
        String locality,
        String title,
        String surname,
        String givenName,
        String initials,
        String pseudonym,
        String generationQualifier,
        List<CustomAttribute> customAttributes) {

    public Subject {
        customAttributes = customAttributes == null ? List.of() : List.copyOf(customAttributes);
    }

    /** One attribute of a custom subject: an OID and its string value. */
    public record CustomAttribute(String objectIdentifier, String value) {}

    public static Subject ofCommonName(String commonName) {
        return new Subject(null, null, null, null, null, commonName, null, null, null, null, null, null, null, null, null);
    }

    public boolean hasNamedAttributes() {
        return country != null || organization != null || organizationalUnit != null
                || distinguishedNameQualifier != null || state != null || commonName != null
                || serialNumber != null || locality != null || title != null || surname != null
                || givenName != null || initials != null || pseudonym != null || generationQualifier != null;
    }

    public boolean isEmpty() {
        return !hasNamedAttributes() && customAttributes.isEmpty();
    }
}
