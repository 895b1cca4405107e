package dev.castellan.api.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.authz.Principal;
import dev.castellan.core.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** One AWS JSON operation (ACM PCA or KMS): reads its request shape, calls the authority, writes its response shape. */
@FunctionalInterface
public interface AwsOperation {
    ObjectNode handle(Principal principal, Input request);

    /**
     * The response, possibly later: an operation whose last step is a durable write answers when the write has
     * committed instead of holding a thread for it. What depends on the future must be quick and must not block (it
     * may run on the store's answering thread). Refusals may be thrown or fail the future.
     */
    default CompletableFuture<ObjectNode> handleLater(Principal principal, Input request) {
        return CompletableFuture.completedFuture(handle(principal, request));
    }

    /** An operation answered later; its {@link #handle} waits for the answer. */
    static AwsOperation later(BiFunction<Principal, Input, CompletableFuture<ObjectNode>> operation) {
        return new AwsOperation() {
            @Override
            public ObjectNode handle(Principal principal, Input request) {
                return Futures.join(operation.apply(principal, request));
            }

            @Override
            public CompletableFuture<ObjectNode> handleLater(Principal principal, Input request) {
                return operation.apply(principal, request);
            }
        };
    }
}
