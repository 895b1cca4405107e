package dev.castellan.core.keys;

import dev.castellan.core.model.KeyAlgorithm;
import java.util.Optional;

/** Durable storage for software keys that are already encrypted; it never sees a key in the clear. */
public interface SealedKeyStore {

    record SealedKey(String id, KeyAlgorithm algorithm, byte[] publicKeyDer, byte[] sealedPrivateKey) {}

    void save(SealedKey key);

    Optional<SealedKey> load(String id);

    /** Removes the sealed key durably; nothing happens if there is none of that id. */
    void delete(String id);
}
