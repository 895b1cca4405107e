-- Certificate authorities and their tags. Instants are epoch milliseconds (bigint) so SQLite and PostgreSQL
-- sort and compare them alike; configuration and revocation are JSON documents written by ConfigurationJson.
-- Keep equivalent to db/migration/sqlite/V0001__create_certificate_authority.sql.
CREATE TABLE certificate_authority (
    id                            uuid   NOT NULL PRIMARY KEY,
    type                          text   NOT NULL,
    status                        text   NOT NULL,
    status_before_deletion        text,
    usage_mode                    text,
    key_storage_security_standard text,
    configuration                 text   NOT NULL,
    revocation                    text   NOT NULL,
    key_ref                       text   NOT NULL,
    csr_der                       bytea,
    certificate_der               bytea,
    chain_pem                     text,
    certificate_serial_hex        text,
    not_before                    bigint,
    not_after                     bigint,
    created_at                    bigint NOT NULL,
    last_state_change_at          bigint,
    restorable_until              bigint,
    version                       bigint NOT NULL
);

-- ListCertificateAuthorities pages by (created_at, id).
CREATE INDEX certificate_authority_by_creation ON certificate_authority (created_at, id);

CREATE TABLE ca_tag (
    ca_id    uuid    NOT NULL REFERENCES certificate_authority (id) ON DELETE CASCADE,
    position integer NOT NULL,
    key      text    NOT NULL,
    value    text    NOT NULL,
    PRIMARY KEY (ca_id, key),
    UNIQUE (ca_id, position)
);
