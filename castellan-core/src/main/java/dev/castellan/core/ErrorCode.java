package dev.castellan.core;

/**
 * The stable reasons a Castellan operation can fail. Each protocol edge maps these to its own wire names
 * (AWS {@code __type}, OCSP status, ...); nothing below the edge knows those names.
 */
public enum ErrorCode {
    /** A request value breaks a shape rule: missing, too long, wrong pattern, unknown enum value. */
    VALIDATION,
    /** A request value is well-formed but not acceptable for this operation. */
    INVALID_ARGS,
    /** The request as a whole cannot be honoured (e.g. a name-constraint violation). */
    INVALID_REQUEST,
    /** An ARN that does not parse or names the wrong kind of resource. */
    INVALID_ARN,
    /** The resource does not exist (or no longer exists). */
    NOT_FOUND,
    /** The resource is not in a state that allows the operation. */
    INVALID_STATE,
    /** A CSR that cannot be parsed or whose signature does not verify. */
    MALFORMED_CSR,
    /** A certificate that cannot be parsed or violates the import rules. */
    MALFORMED_CERTIFICATE,
    /** A certificate that does not match the CA's key, subject or chain. */
    CERTIFICATE_MISMATCH,
    INVALID_TAG,
    TOO_MANY_TAGS,
    LIMIT_EXCEEDED,
    INVALID_NEXT_TOKEN,
    /** Someone else changed the resource between our read and our write. */
    CONCURRENT_MODIFICATION,
    /** The same request was already carried out (e.g. revoking twice). */
    ALREADY_PROCESSED,
    /** The work is accepted but not finished yet (e.g. a certificate still being issued); try again. */
    REQUEST_IN_PROGRESS,
    /** The request was accepted earlier but could not be completed. */
    REQUEST_FAILED,
    /** The caller is authenticated but not allowed to do this. */
    ACCESS_DENIED,
    /** The key exists but is disabled, so it cannot be used for this operation. */
    DISABLED,
    /** The key's usage or key spec does not allow the requested operation or algorithm. */
    INVALID_KEY_USAGE,
    /** A signature that was checked is not valid for the message and key. */
    INVALID_SIGNATURE,
    /** A resource with that name already exists (e.g. an alias). */
    ALREADY_EXISTS,
    /** A name is well-formed but not acceptable, e.g. an alias under a reserved prefix. */
    INVALID_ALIAS_NAME,
    /** The request is valid for the AWS API but asks for something Castellan does not implement. */
    UNSUPPORTED_OPERATION,
    /** Every check passed, but the caller asked for a dry run, so nothing was done. */
    DRY_RUN,
    /** Something on our side failed; the client sees an opaque message. */
    INTERNAL
}
