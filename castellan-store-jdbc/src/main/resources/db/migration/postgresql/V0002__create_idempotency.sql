-- Remembered idempotent requests: the hash of their arguments and the resource they produced.
CREATE TABLE idempotency (
    scope          text   NOT NULL,
    token          text   NOT NULL,
    arguments_hash text   NOT NULL,
    result         text   NOT NULL,
    created_at     bigint NOT NULL,
    PRIMARY KEY (scope, token)
);
