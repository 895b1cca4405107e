-- Keys of the KMS-compatible key service. The key pair lives in the KeyProvider under key_ref (for software keys,
-- sealed in sealed_key); this row holds only what KMS reports about the key and its state. Instants are epoch
-- milliseconds. Keep equivalent to db/migration/sqlite/V0010__create_kms_key.sql.
CREATE TABLE kms_key (
    id                     uuid   NOT NULL PRIMARY KEY,
    key_spec               text   NOT NULL,
    key_usage              text   NOT NULL,
    description            text   NOT NULL,
    key_ref                text   NOT NULL UNIQUE,
    key_state              text   NOT NULL CHECK (key_state IN ('Enabled', 'Disabled', 'PendingDeletion')),
    created_at             bigint NOT NULL,
    deletion_date          bigint,
    pending_window_in_days integer,
    version                bigint NOT NULL,
    CHECK ((key_state = 'PendingDeletion') = (deletion_date IS NOT NULL)),
    CHECK ((deletion_date IS NULL) = (pending_window_in_days IS NULL))
);
