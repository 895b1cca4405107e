package dev.castellan.api.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.authz.Principal;

/** One AWS JSON operation (ACM PCA or KMS): reads its request shape, calls the authority, writes its response shape. */
@FunctionalInterface
public interface AwsOperation {
    ObjectNode handle(Principal principal, Input request);
}
