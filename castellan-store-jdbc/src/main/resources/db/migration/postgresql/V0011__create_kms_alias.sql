-- Aliases of the key service: the name includes the alias/ prefix and is unique (one account and region per
-- installation). ListAliases pages by name, overall or per key; COLLATE "C" so that paging by name compares
-- bytes, whatever the database's locale. Keep equivalent to db/migration/sqlite/V0011__create_kms_alias.sql.
CREATE TABLE kms_alias (
    name            text   COLLATE "C" NOT NULL PRIMARY KEY,
    target_key_id   uuid   NOT NULL REFERENCES kms_key (id),
    created_at      bigint NOT NULL,
    last_updated_at bigint NOT NULL
);

CREATE INDEX kms_alias_by_key ON kms_alias (target_key_id, name);
