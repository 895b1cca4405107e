package dev.castellan.authority.kms;

import dev.castellan.core.keys.SignatureScheme;

/** What the {@code Message} of Sign and Verify is, as KMS names it. */
public enum MessageType {
    /** The message itself; the service hashes it as the signing algorithm says. */
    RAW(SignatureScheme.Input.MESSAGE),
    /** The caller's hash of the message, exactly as long as the algorithm's hash. */
    DIGEST(SignatureScheme.Input.DIGEST),
    /** The 64-byte ML-DSA message representative μ of FIPS 204 §6.2. */
    EXTERNAL_MU(SignatureScheme.Input.EXTERNAL_MU);

    private final SignatureScheme.Input input;

    MessageType(SignatureScheme.Input input) {
        this.input = input;
    }

    public SignatureScheme.Input input() {
        return input;
    }
}
