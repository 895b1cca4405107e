-- Aliases of the key service: the name includes the alias/ prefix and is unique (one account and region per
-- installation). ListAliases pages by name, overall or per key. Keep equivalent to
-- db/migration/postgresql/V0011__create_kms_alias.sql.
CREATE TABLE kms_alias (
    name            TEXT    NOT NULL PRIMARY KEY,
    target_key_id   TEXT    NOT NULL REFERENCES kms_key (id),
    created_at      INTEGER NOT NULL,
    last_updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX kms_alias_by_key ON kms_alias (target_key_id, name);
