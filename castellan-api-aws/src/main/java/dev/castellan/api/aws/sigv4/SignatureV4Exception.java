package dev.castellan.api.aws.sigv4;

/**
 * A request that failed SigV4 verification. The message is safe to return to the client verbatim; it never
 * contains secrets or server-computed signatures.
 */
public final class SignatureV4Exception extends RuntimeException {

    /** Why verification failed; the AWS protocol edge maps each kind to one {@code __type}. */
    public enum Kind {
        /** Neither an Authorization header nor X-Amz-Date: AWS {@code MissingAuthenticationTokenException}. */
        MISSING_AUTHENTICATION_TOKEN,
        /** Authorization header, credential scope or date malformed: AWS {@code IncompleteSignatureException}. */
        INCOMPLETE_SIGNATURE,
        /** Unknown access key id: AWS {@code UnrecognizedClientException}. */
        UNRECOGNIZED_CLIENT,
        /** Wrong signature, payload hash or service scope: AWS {@code InvalidSignatureException}. */
        INVALID_SIGNATURE,
        /** Signing time more than 15 minutes from our clock; AWS also reports it as {@code InvalidSignatureException}. */
        SIGNATURE_EXPIRED
    }

    private final Kind kind;

    SignatureV4Exception(Kind kind, String message) {
        // No stack trace: these are expected, client-caused, and cheap to throw matters under a flood of bad requests.
        super(message, null, false, false);
        this.kind = kind;
    }

    /** Returns why verification failed. */
    public Kind kind() {
        return kind;
    }
}
