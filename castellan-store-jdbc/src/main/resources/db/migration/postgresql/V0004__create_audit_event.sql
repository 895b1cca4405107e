-- The audit trail. An identity column never reuses an id.
CREATE TABLE audit_event (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        bigint NOT NULL,
    principal text   NOT NULL,
    action    text   NOT NULL,
    resource  text   NOT NULL,
    outcome   text   NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE')),
    detail    text   NOT NULL
);

CREATE INDEX audit_event_by_time ON audit_event (at);
