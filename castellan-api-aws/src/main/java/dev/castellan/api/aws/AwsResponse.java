package dev.castellan.api.aws;

import java.util.Map;

/** What the AWS JSON endpoint answers: status, headers and body, for the HTTP server to write out. */
public record AwsResponse(int status, Map<String, String> headers, byte[] body) {}
