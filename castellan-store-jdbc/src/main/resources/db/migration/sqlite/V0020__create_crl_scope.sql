-- CRL scopes (RFC 5280 §5): the complete CRL of a CA (scope_id = ca_id, kind COMPLETE) and its partitions. A
-- certificate is bound to a scope at issuance: certificate.crl_partition_id names its partition, NULL the complete CRL.
-- A scope is dirty while generation > published_generation; every revocation bumps generation.
CREATE TABLE crl_scope (
    ca_id                TEXT    NOT NULL REFERENCES certificate_authority (id),
    scope_id             TEXT    NOT NULL,
    kind                 TEXT    NOT NULL CHECK (kind IN ('COMPLETE', 'PARTITION')),
    ordinal              INTEGER NOT NULL CHECK (ordinal >= 0),
    capacity             INTEGER NOT NULL CHECK (capacity > 0),
    assigned             INTEGER NOT NULL CHECK (assigned >= 0),
    closed               INTEGER NOT NULL CHECK (closed IN (0, 1)),
    bucket               TEXT,
    object_key           TEXT,
    distribution_point   TEXT,
    generation           INTEGER NOT NULL,
    published_generation INTEGER NOT NULL,
    crl_number           INTEGER NOT NULL,
    reserved_crl_number  INTEGER NOT NULL,
    this_update          INTEGER,
    next_update          INTEGER,
    refresh_at           INTEGER,
    created_at           INTEGER NOT NULL,
    PRIMARY KEY (ca_id, scope_id),
    UNIQUE (ca_id, kind, ordinal),
    CHECK (assigned <= capacity),
    CHECK ((kind = 'COMPLETE') = (scope_id = ca_id)),
    CHECK (kind = 'COMPLETE' OR distribution_point IS NOT NULL),
    CHECK (crl_number <= reserved_crl_number OR reserved_crl_number = 0)
) STRICT;

-- New certificates are bound to the one open partition of their CA; opening a second one fails.
CREATE UNIQUE INDEX crl_scope_open_partition ON crl_scope (ca_id) WHERE kind = 'PARTITION' AND closed = 0;
CREATE INDEX crl_scope_refresh_at ON crl_scope (refresh_at);
