-- Software CA keys, already encrypted under the master key. created_at is bookkeeping for operators, filled by
-- the database because the SealedKeyStore port carries no time.
CREATE TABLE sealed_key (
    id                 text   NOT NULL PRIMARY KEY,
    algorithm          text   NOT NULL,
    public_key         bytea  NOT NULL,
    sealed_private_key bytea  NOT NULL,
    created_at         bigint NOT NULL DEFAULT (floor(extract(epoch FROM clock_timestamp()) * 1000))::bigint
);
