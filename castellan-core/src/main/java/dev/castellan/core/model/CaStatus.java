package dev.castellan.core.model;

/** The lifecycle states of a certificate authority, as AWS Private CA reports them. */
public enum CaStatus {
    CREATING, PENDING_CERTIFICATE, ACTIVE, DELETED, DISABLED, EXPIRED, FAILED
}
