package dev.castellan.core.model;

import java.util.List;
import java.util.Objects;

/**
 * One certificate policy of an AWS {@code PolicyInformation}: the policy OID and the URIs of its certification
 * practice statement (the only qualifier AWS allows, {@code CPS}). An empty list means no qualifiers.
 */
public record PolicyInformationSpec(String certPolicyId, List<String> cpsUris) {
    public PolicyInformationSpec {
        Objects.requireNonNull(certPolicyId, "certPolicyId");
        cpsUris = cpsUris == null ? List.of() : List.copyOf(cpsUris);
    }
}
