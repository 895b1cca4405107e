-- Delegated OCSP responders (RFC 6960 §4.2.2.2): a key of the CA's key provider and the OCSP-signing certificate the CA
-- issued for it, which is also a row of the certificate table. A CA has several rows over time; the one with the
-- latest not_after signs, and a server rotates to a new one before it expires.
CREATE TABLE ocsp_responder (
    ca_id       uuid   NOT NULL,
    serial      text   NOT NULL,
    key_ref     text   NOT NULL,
    certificate bytea  NOT NULL,
    not_before  bigint NOT NULL,
    not_after   bigint NOT NULL,
    created_at  bigint NOT NULL,
    PRIMARY KEY (ca_id, serial),
    FOREIGN KEY (ca_id, serial) REFERENCES certificate (ca_id, serial),
    CHECK (not_after > not_before)
);

CREATE INDEX ocsp_responder_newest ON ocsp_responder (ca_id, not_after);

-- Every server polls recent revocations (every second or so) to drop OCSP responses it cached for them.
CREATE INDEX certificate_revoked_at ON certificate (revoked_at) WHERE revoked_at IS NOT NULL;
