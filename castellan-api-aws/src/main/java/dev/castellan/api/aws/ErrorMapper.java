package dev.castellan.api.aws;

import dev.castellan.api.aws.json.WireException;
import dev.castellan.api.aws.sigv4.SignatureV4Exception;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;

/**
 * Translates Castellan's error model into the AWS JSON error names the SDKs and CLI recognise. This is the only
 * place those names exist; nothing below the edge knows them.
 */
final class ErrorMapper {
    /** An AWS error: the {@code __type}, the HTTP status and the message the client sees. */
    record AwsError(String type, int status, String message) {}

    private ErrorMapper() {}

    /** Maps a failure; {@code service} is null when the target named no known service. */
    static AwsError map(Throwable t, String requestId, AwsService service) {
        return switch (t) {
            case WireException w -> new AwsError(w.type(), w.status(), w.getMessage());
            case SignatureV4Exception s -> signature(s);
            case CastellanException c -> c.code() == ErrorCode.INTERNAL
                    ? internal(requestId)
                    : new AwsError(service == null ? typeOf(c.code()) : service.errorNames().typeOf(c.code()),
                            statusOf(c.code()), c.getMessage());
            default -> internal(requestId);
        };
    }

    static AwsError internal(String requestId) {
        return new AwsError("InternalFailure", 500,
                "The request processing has failed because of an unknown error. Request id: " + requestId);
    }

    private static AwsError signature(SignatureV4Exception s) {
        return switch (s.kind()) {
            case MISSING_AUTHENTICATION_TOKEN -> new AwsError("MissingAuthenticationTokenException", 403, s.getMessage());
            case INCOMPLETE_SIGNATURE -> new AwsError("IncompleteSignatureException", 400, s.getMessage());
            case UNRECOGNIZED_CLIENT -> new AwsError("UnrecognizedClientException", 400, s.getMessage());
            case INVALID_SIGNATURE, SIGNATURE_EXPIRED -> new AwsError("InvalidSignatureException", 400, s.getMessage());
        };
    }

    /** The ACM PCA name of each error; codes PCA has no name for (KMS-only ones) read as InvalidRequestException. */
    static String typeOf(ErrorCode code) {
        return switch (code) {
            case VALIDATION -> "ValidationException";
            case INVALID_ARGS -> "InvalidArgsException";
            case INVALID_REQUEST -> "InvalidRequestException";
            case INVALID_ARN -> "InvalidArnException";
            case NOT_FOUND -> "ResourceNotFoundException";
            case INVALID_STATE -> "InvalidStateException";
            case MALFORMED_CSR -> "MalformedCSRException";
            case MALFORMED_CERTIFICATE -> "MalformedCertificateException";
            case CERTIFICATE_MISMATCH -> "CertificateMismatchException";
            case INVALID_TAG -> "InvalidTagException";
            case TOO_MANY_TAGS -> "TooManyTagsException";
            case LIMIT_EXCEEDED -> "LimitExceededException";
            case INVALID_NEXT_TOKEN -> "InvalidNextTokenException";
            case CONCURRENT_MODIFICATION -> "ConcurrentModificationException";
            case ALREADY_PROCESSED -> "RequestAlreadyProcessedException";
            case ACCESS_DENIED -> "AccessDeniedException";
            case REQUEST_IN_PROGRESS -> "RequestInProgressException";
            case REQUEST_FAILED -> "RequestFailedException";
            case INTERNAL -> "InternalFailure";
            default -> "InvalidRequestException";
        };
    }

    private static int statusOf(ErrorCode code) {
        return switch (code) {
            case INTERNAL -> 500;
            default -> 400;
        };
    }
}
