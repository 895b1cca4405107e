-- Software CA keys, already encrypted under the master key. created_at is bookkeeping for operators, filled by
-- the database because the SealedKeyStore port carries no time.
CREATE TABLE sealed_key (
    id                 TEXT    NOT NULL PRIMARY KEY,
    algorithm          TEXT    NOT NULL,
    public_key         BLOB    NOT NULL,
    sealed_private_key BLOB    NOT NULL,
    created_at         INTEGER NOT NULL DEFAULT (CAST(unixepoch('subsec') * 1000 AS INTEGER))
) STRICT;
