-- The CRL partition a certificate was bound to at issuance (its CDP names that partition); NULL = the complete CRL.
ALTER TABLE certificate ADD COLUMN crl_partition_id TEXT;

-- The publisher streams the revoked certificates of one scope in serial order.
CREATE INDEX certificate_revoked_by_scope ON certificate (ca_id, crl_partition_id, serial) WHERE revoked_at IS NOT NULL;
