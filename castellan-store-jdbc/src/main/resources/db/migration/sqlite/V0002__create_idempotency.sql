-- Remembered idempotent requests: the hash of their arguments and the resource they produced.
CREATE TABLE idempotency (
    scope          TEXT    NOT NULL,
    token          TEXT    NOT NULL,
    arguments_hash TEXT    NOT NULL,
    result         TEXT    NOT NULL,
    created_at     INTEGER NOT NULL,
    PRIMARY KEY (scope, token)
) STRICT;
