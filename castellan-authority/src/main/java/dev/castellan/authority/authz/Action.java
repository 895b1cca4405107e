package dev.castellan.authority.authz;

/** Operations a principal may be allowed to perform, named after the API operations they guard. */
public enum Action {
    CREATE_CA(true), DESCRIBE_CA(false), LIST_CAS(false), GET_CA_CSR(false), IMPORT_CA_CERTIFICATE(true),
    GET_CA_CERTIFICATE(false), UPDATE_CA(true), DELETE_CA(true), RESTORE_CA(true), TAG_CA(true), UNTAG_CA(true),
    LIST_TAGS(false);

    private final boolean changesState;

    Action(boolean changesState) {
        this.changesState = changesState;
    }

    public boolean changesState() {
        return changesState;
    }
}
