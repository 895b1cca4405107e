-- Issued certificates (used by the issuance feature). A row is written PENDING before signing and becomes
-- ISSUED with its DER when the signature is committed. The serial is the canonical form of Serial.hex()
-- (lowercase, no leading zero, at most 20 octets) so the primary key really makes serials unique per CA.
CREATE TABLE certificate (
    ca_id             uuid   NOT NULL REFERENCES certificate_authority (id),
    serial            text   NOT NULL,
    status            text   NOT NULL CHECK (status IN ('PENDING', 'ISSUED')),
    der               bytea,
    not_before        bigint NOT NULL,
    not_after         bigint NOT NULL,
    issued_at         bigint NOT NULL,
    revoked_at        bigint,
    revocation_reason text,
    template_arn      text   NOT NULL,
    idempotency_token text,
    PRIMARY KEY (ca_id, serial),
    CHECK (serial ~ '^[1-9a-f][0-9a-f]{0,39}$'),
    CHECK (status = 'PENDING' OR der IS NOT NULL),
    CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
    CHECK (revoked_at IS NULL OR status = 'ISSUED')
);
