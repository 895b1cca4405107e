package dev.castellan.api.aws.pca;

import static dev.castellan.api.aws.pca.PcaShapes.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.AwsOperation;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.Authority;
import dev.castellan.authority.authz.Principal;
import dev.castellan.core.model.RevocationReason;
import java.util.Map;

/**
 * ACM PCA's RevokeCertificate: {@code CertificateAuthorityArn}, {@code CertificateSerial} (hex, with or without
 * colons, String128) and {@code RevocationReason} (the eight AWS values), answered with an empty object once the
 * revocation is durable.
 */
public final class RevocationOperations {
    private final Authority authority;

    public RevocationOperations(Authority authority) {
        this.authority = authority;
    }

    /** The operations by their {@code X-Amz-Target} suffix. */
    public Map<String, AwsOperation> operations() {
        return Map.of("RevokeCertificate", this::revoke);
    }

    private ObjectNode revoke(Principal p, Input in) {
        authority.revokeCertificate(p, CaOperations.caArn(in), in.requiredString("CertificateSerial", 0, 128, null),
                in.requiredEnum("RevocationReason", RevocationReason.class));
        return JSON.objectNode();
    }
}
