-- Leases that let exactly one of several servers sharing the database run a job (the CRL publisher). The holder
-- renews before expires_at; after it, any server may take the lease over.
CREATE TABLE publisher_lease (
    name       text   NOT NULL PRIMARY KEY,
    holder     text   NOT NULL,
    expires_at bigint NOT NULL
);
