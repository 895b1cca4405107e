package dev.castellan.authority.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which resource, when, and with what outcome. Written in the
 * same transaction as the change it describes, so the trail and the state never disagree.
 */
public record AuditEvent(Instant at, String principal, String action, String resource, Outcome outcome, String detail) {
    public enum Outcome {
        SUCCESS, FAILURE
    }

    public AuditEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(principal);
        Objects.requireNonNull(action);
        Objects.requireNonNull(resource);
        Objects.requireNonNull(outcome);
        detail = detail == null ? "" : detail;
    }
}
