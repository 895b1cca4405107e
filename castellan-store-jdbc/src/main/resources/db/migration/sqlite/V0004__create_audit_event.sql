-- The audit trail. AUTOINCREMENT so an id is never reused, even after the newest rows are removed.
CREATE TABLE audit_event (
    id        INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    principal TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    resource  TEXT    NOT NULL,
    outcome   TEXT    NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
    detail    TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_event_by_time ON audit_event (at);
