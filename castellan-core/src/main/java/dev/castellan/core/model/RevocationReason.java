package dev.castellan.core.model;

import java.util.Optional;

/**
 * Why a certificate was revoked: the eight values of AWS Private CA's {@code RevocationReason}, each with its
 * RFC 5280 §5.3.1 {@code CRLReason} code. AWS has no certificateHold or removeFromCRL, so neither has Castellan.
 */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CERTIFICATE_AUTHORITY_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    PRIVILEGE_WITHDRAWN(9),
    A_A_COMPROMISE(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    /** The {@code CRLReason} ENUMERATED value of RFC 5280 §5.3.1. */
    public int code() {
        return code;
    }

    /**
     * Whether a CRL entry carries the reasonCode extension: RFC 5280 §5.3.1 says to omit it rather than use
     * unspecified (0).
     */
    public boolean hasReasonCode() {
        return this != UNSPECIFIED;
    }

    public static Optional<RevocationReason> fromName(String name) {
        for (RevocationReason r : values()) {
            if (r.name().equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
