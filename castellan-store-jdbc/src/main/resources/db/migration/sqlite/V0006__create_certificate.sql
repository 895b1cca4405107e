-- Issued certificates (used by the issuance feature). A row is written PENDING before signing and becomes
-- ISSUED with its DER when the signature is committed. The serial is the canonical form of Serial.hex()
-- (lowercase, no leading zero, at most 20 octets) so the primary key really makes serials unique per CA.
CREATE TABLE certificate (
    ca_id             TEXT    NOT NULL REFERENCES certificate_authority (id),
    serial            TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('PENDING', 'ISSUED')),
    der               BLOB,
    not_before        INTEGER NOT NULL,
    not_after         INTEGER NOT NULL,
    issued_at         INTEGER NOT NULL,
    revoked_at        INTEGER,
    revocation_reason TEXT,
    template_arn      TEXT    NOT NULL,
    idempotency_token TEXT,
    PRIMARY KEY (ca_id, serial),
    CHECK (length(serial) <= 40 AND serial GLOB '[1-9a-f]*' AND serial NOT GLOB '*[^0-9a-f]*'),
    CHECK (status = 'PENDING' OR der IS NOT NULL),
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
    CHECK (revoked_at IS NULL OR status = 'ISSUED')
) STRICT;
