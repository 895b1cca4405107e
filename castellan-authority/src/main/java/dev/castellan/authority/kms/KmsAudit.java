package dev.castellan.authority.kms;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import java.time.InstantSource;

/** Builds the audit events of the key service, named after the KMS operation, on the service's clock. */
final class KmsAudit {
    private final InstantSource clock;

    KmsAudit(InstantSource clock) {
        this.clock = clock;
    }

    AuditEvent success(Principal p, String operation, Object resource, String detail) {
        return event(p, operation, resource, AuditEvent.Outcome.SUCCESS, detail);
    }

    AuditEvent failure(Principal p, String operation, Object resource, String detail) {
        return event(p, operation, resource, AuditEvent.Outcome.FAILURE, detail);
    }

    private AuditEvent event(Principal p, String operation, Object resource, AuditEvent.Outcome outcome, String detail) {
        return new AuditEvent(clock.instant(), p.name() + "/" + p.accessKeyId(), "kms:" + operation,
                resource.toString(), outcome, detail);
    }
}
