package dev.castellan.api.aws;

import java.util.Map;

/**
 * One AWS JSON service this endpoint speaks: its {@code X-Amz-Target} prefix, the service name its Signature V4
 * credential scope must carry, its operations, and how it names Castellan's errors on the wire.
 */
public record AwsService(String targetPrefix, String signingName, Map<String, AwsOperation> operations, ErrorNames errorNames) {
    public AwsService {
        operations = Map.copyOf(operations);
    }

    /** Maps an error code to this service's {@code __type}; null falls back to the ACM PCA names. */
    @FunctionalInterface
    public interface ErrorNames {
        String typeOf(dev.castellan.core.ErrorCode code);
    }
}
