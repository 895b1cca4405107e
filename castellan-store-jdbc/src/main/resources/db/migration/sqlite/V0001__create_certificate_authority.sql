-- Certificate authorities and their tags. Instants are epoch milliseconds (INTEGER) so SQLite and PostgreSQL
-- sort and compare them alike; configuration and revocation are JSON documents written by ConfigurationJson.
-- Keep equivalent to db/migration/postgresql/V0001__create_certificate_authority.sql.
CREATE TABLE certificate_authority (
    id                            TEXT    NOT NULL PRIMARY KEY,
    type                          TEXT    NOT NULL,
    status                        TEXT    NOT NULL,
    status_before_deletion        TEXT,
    usage_mode                    TEXT,
    key_storage_security_standard TEXT,
    configuration                 TEXT    NOT NULL,
    revocation                    TEXT    NOT NULL,
    key_ref                       TEXT    NOT NULL,
    csr_der                       BLOB,
    certificate_der               BLOB,
    chain_pem                     TEXT,
    certificate_serial_hex        TEXT,
    not_before                    INTEGER,
    not_after                     INTEGER,
    created_at                    INTEGER NOT NULL,
    last_state_change_at          INTEGER,
    restorable_until              INTEGER,
    version                       INTEGER NOT NULL
) STRICT;

-- ListCertificateAuthorities pages by (created_at, id).
CREATE INDEX certificate_authority_by_creation ON certificate_authority (created_at, id);

CREATE TABLE ca_tag (
    ca_id    TEXT    NOT NULL REFERENCES certificate_authority (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key      TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (ca_id, key),
    UNIQUE (ca_id, position)
) STRICT;
