package dev.castellan.authority.credentials;

import dev.castellan.authority.authz.Principal;
import java.time.Instant;

/** A stored API credential: the access key id in clear, the secret sealed under the master key. */
public record AccessKey(String accessKeyId, String principalName, Principal.Role role, byte[] sealedSecret, Instant createdAt) {}
