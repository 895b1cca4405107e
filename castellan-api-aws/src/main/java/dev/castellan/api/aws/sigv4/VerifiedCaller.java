package dev.castellan.api.aws.sigv4;

/**
 * The caller a valid SigV4 signature proves: the access key that signed and the scope it signed for.
 *
 * <p>{@code region} is whatever the client put in its credential scope; the verifier does not restrict it.
 */
public record VerifiedCaller(String accessKeyId, String region, String service) {}
