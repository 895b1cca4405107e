-- Keys of the KMS-compatible key service. The key pair lives in the KeyProvider under key_ref (for software keys,
-- sealed in sealed_key); this row holds only what KMS reports about the key and its state. Instants are epoch
-- milliseconds. Keep equivalent to db/migration/postgresql/V0010__create_kms_key.sql.
CREATE TABLE kms_key (
    id                     TEXT    NOT NULL PRIMARY KEY,
    key_spec               TEXT    NOT NULL,
    key_usage              TEXT    NOT NULL,
    description            TEXT    NOT NULL,
    key_ref                TEXT    NOT NULL UNIQUE,
    key_state              TEXT    NOT NULL CHECK (key_state IN ('Enabled', 'Disabled', 'PendingDeletion')),
    created_at             INTEGER NOT NULL,
    deletion_date          INTEGER,
    pending_window_in_days INTEGER,
    version                INTEGER NOT NULL,
    CHECK ((key_state = 'PendingDeletion') = (deletion_date IS NOT NULL)),
    CHECK ((deletion_date IS NULL) = (pending_window_in_days IS NULL))
) STRICT;
