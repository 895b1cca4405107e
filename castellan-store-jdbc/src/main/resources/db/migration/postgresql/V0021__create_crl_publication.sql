-- The newest signed CRL of each scope. The HTTP distribution point serves it from here, so every server sharing the
-- database serves the same, newest CRL; a row is only ever replaced by a CRL with a higher number.
CREATE TABLE crl_publication (
    ca_id       uuid   NOT NULL,
    scope_id    uuid   NOT NULL,
    crl_number  bigint NOT NULL CHECK (crl_number > 0),
    this_update bigint NOT NULL,
    next_update bigint NOT NULL,
    der         bytea  NOT NULL,
    PRIMARY KEY (ca_id, scope_id),
    FOREIGN KEY (ca_id, scope_id) REFERENCES crl_scope (ca_id, scope_id)
);
