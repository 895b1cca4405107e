package dev.castellan.core.model;

import java.util.List;

/** Extensions a CA asks for in its own CSR: key usage and subject information access. */
public record CsrExtensionsSpec(KeyUsageSpec keyUsage, List<AccessDescriptionSpec> subjectInformationAccess) {
    public CsrExtensionsSpec {
        subjectInformationAccess = subjectInformationAccess == null ? List.of() : List.copyOf(subjectInformationAccess);
    }
}
