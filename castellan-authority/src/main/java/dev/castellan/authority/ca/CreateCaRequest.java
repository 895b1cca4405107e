package dev.castellan.authority.ca;

import dev.castellan.core.model.CaType;
import dev.castellan.core.model.UsageMode;
import java.util.List;

/** The CreateCertificateAuthority use case's input, already shape-validated by the edge. */
public record CreateCaRequest(
        CaType type,
        CaConfiguration configuration,
        RevocationConfiguration revocation,
        UsageMode usageMode,
        String keyStorageSecurityStandard,
        List<Tag> tags,
        String idempotencyToken) {
    public CreateCaRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        usageMode = usageMode == null ? UsageMode.GENERAL_PURPOSE : usageMode;
        keyStorageSecurityStandard =
                keyStorageSecurityStandard == null ? "FIPS_140_2_LEVEL_3_OR_HIGHER" : keyStorageSecurityStandard;
    }
}
