package dev.castellan.api.aws.pca;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.authz.Principal;

/** One ACM PCA operation: reads its request shape, calls the authority, writes its response shape. */
@FunctionalInterface
public interface PcaOperation {
    ObjectNode handle(Principal principal, Input request);
}
