package dev.castellan.core.ocsp;

/**
 * The {@code OCSPResponseStatus} of RFC 6960 §4.2.1: whether the responder produced an answer at all. Only
 * {@link #SUCCESSFUL} responses carry certificate statuses; the others are bare, unsigned status codes.
 */
public enum OcspResponseStatus {
    SUCCESSFUL(0),
    /** The request does not parse as an OCSP request, or breaks a rule the responder enforces (RFC 8954 nonce size). */
    MALFORMED_REQUEST(1),
    INTERNAL_ERROR(2),
    TRY_LATER(3),
    SIG_REQUIRED(5),
    /** This responder does not answer for that CA (unknown, disabled for OCSP, or in a state that cannot answer). */
    UNAUTHORIZED(6);

    private final int code;

    OcspResponseStatus(int code) {
        this.code = code;
    }

    /** The ENUMERATED value on the wire. */
    public int code() {
        return code;
    }
}
