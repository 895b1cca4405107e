package dev.castellan.authority.authz;

/** Operations a principal may be allowed to perform, named after the API operations they guard. */
public enum Action {
    CREATE_CA(true), DESCRIBE_CA(false), LIST_CAS(false), GET_CA_CSR(false), IMPORT_CA_CERTIFICATE(true),
    GET_CA_CERTIFICATE(false), UPDATE_CA(true), DELETE_CA(true), RESTORE_CA(true), TAG_CA(true), UNTAG_CA(true),
    LIST_TAGS(false), ISSUE_CERTIFICATE(true), GET_CERTIFICATE(false),
    // Revocation. RevokeCertificate changes a certificate's status and the CRLs published for it.
    REVOKE_CERTIFICATE(true),
    // The KMS-compatible key service. Sign counts as changing state: it uses a private key and leaves an audit
    // record, so a read-only role must never be allowed it.
    KMS_CREATE_KEY(true), KMS_DESCRIBE_KEY(false), KMS_LIST_KEYS(false), KMS_GET_PUBLIC_KEY(false), KMS_SIGN(true),
    KMS_VERIFY(false), KMS_SCHEDULE_KEY_DELETION(true), KMS_CANCEL_KEY_DELETION(true), KMS_ENABLE_KEY(true),
    KMS_DISABLE_KEY(true), KMS_CREATE_ALIAS(true), KMS_DELETE_ALIAS(true), KMS_LIST_ALIASES(false);

    private final boolean changesState;

    Action(boolean changesState) {
        this.changesState = changesState;
    }

    public boolean changesState() {
        return changesState;
    }
}
