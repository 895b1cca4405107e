package dev.castellan.core.keys;

/**
 * Encrypts secrets at rest (private keys, API secrets) under a key the store never sees. The associated data
 * binds a sealed blob to its purpose and owner, so a blob copied to another row does not open.
 */
public interface SecretCipher {
    byte[] seal(byte[] plaintext, byte[] associatedData);

    byte[] open(byte[] sealed, byte[] associatedData);
}
