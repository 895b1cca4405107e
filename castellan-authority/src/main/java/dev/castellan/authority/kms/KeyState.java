package dev.castellan.authority.kms;

/**
 * The states of a key, named as KMS names them. A key pending deletion whose deletion date has passed is gone:
 * the service treats it as not found (see {@link KmsKey#deleted}).
 */
public enum KeyState {
    /** Usable for every operation. */
    Enabled,
    /** Kept, but refuses Sign, Verify and GetPublicKey until enabled again. */
    Disabled,
    /** Scheduled for deletion; refuses every use; CancelKeyDeletion returns it to {@link #Disabled}. */
    PendingDeletion
}
