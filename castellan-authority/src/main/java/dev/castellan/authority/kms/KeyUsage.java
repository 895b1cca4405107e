package dev.castellan.authority.kms;

/** What a key is for, as KMS names it. Castellan's key service holds signing keys only. */
public enum KeyUsage {
    SIGN_VERIFY
}
