-- API credentials; the secret is sealed under the master key before it reaches the store.
CREATE TABLE access_key (
    access_key_id  text   NOT NULL PRIMARY KEY,
    principal_name text   NOT NULL,
    role           text   NOT NULL,
    sealed_secret  bytea  NOT NULL,
    created_at     bigint NOT NULL
);
