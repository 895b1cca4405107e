package dev.castellan.core.model;

import java.util.List;

/**
 * The {@code Extensions} of an AWS API passthrough: key usage, extended key usage, subject alternative names,
 * certificate policies and custom extensions. A null key usage or an empty list means "not given".
 */
public record ExtensionsSpec(
        KeyUsageSpec keyUsage,
        List<ExtendedKeyUsageSpec> extendedKeyUsage,
        List<GeneralNameSpec> subjectAlternativeNames,
        List<PolicyInformationSpec> certificatePolicies,
        List<CustomExtensionSpec> customExtensions) {

    public ExtensionsSpec {
        extendedKeyUsage = extendedKeyUsage == null ? List.of() : List.copyOf(extendedKeyUsage);
        subjectAlternativeNames = subjectAlternativeNames == null ? List.of() : List.copyOf(subjectAlternativeNames);
        certificatePolicies = certificatePolicies == null ? List.of() : List.copyOf(certificatePolicies);
        customExtensions = customExtensions == null ? List.of() : List.copyOf(customExtensions);
    }
}
