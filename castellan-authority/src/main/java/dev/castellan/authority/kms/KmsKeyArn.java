package dev.castellan.authority.kms;

import java.util.Objects;
import java.util.UUID;

/** The ARN of a key of the key service: {@code arn:aws:kms:<region>:<account>:key/<uuid>}. */
public record KmsKeyArn(String partition, String region, String account, UUID id) {
    public KmsKeyArn {
        Objects.requireNonNull(partition);
        Objects.requireNonNull(region);
        Objects.requireNonNull(account);
        Objects.requireNonNull(id);
    }

    /** The key id, as KMS prints it: the lowercase UUID. */
    public String keyId() {
        return id.toString();
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":key/" + id;
    }
}
