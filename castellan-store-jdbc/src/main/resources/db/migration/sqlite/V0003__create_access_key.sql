-- API credentials; the secret is sealed under the master key before it reaches the store.
CREATE TABLE access_key (
    access_key_id  TEXT    NOT NULL PRIMARY KEY,
    principal_name TEXT    NOT NULL,
    role           TEXT    NOT NULL,
    sealed_secret  BLOB    NOT NULL,
    created_at     INTEGER NOT NULL
) STRICT;
