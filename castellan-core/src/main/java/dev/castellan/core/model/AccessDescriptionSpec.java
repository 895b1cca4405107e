package dev.castellan.core.model;

/**
 * One entry of an information-access extension: a method, either a named AWS {@code AccessMethodType}
 * ({@code CA_REPOSITORY}, ...) or a custom OID, and where to find it.
 */
public record AccessDescriptionSpec(String accessMethodType, String customObjectIdentifier, GeneralNameSpec location) {}
