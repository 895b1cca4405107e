package dev.castellan.keys.software;

import dev.castellan.core.keys.SecretCipher;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256-GCM key that seals every secret Castellan stores: software private keys and API secrets.
 *
 * <p>Sealed form: one format byte (1), a 12-byte random nonce, then ciphertext and 16-byte tag. Random 96-bit
 * nonces are safe for far more than the number of secrets one installation will ever seal. The key file holds
 * the 32 key bytes in base64 and is created with mode 0600, never readable by other users.
 */
public final class MasterKey implements SecretCipher {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    private MasterKey(byte[] keyBytes, SecureRandom random) {
        if (keyBytes.length != 32) {
            throw new IllegalArgumentException("a master key is 32 bytes (AES-256), not " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.random = random;
    }

    public static MasterKey of(byte[] keyBytes, SecureRandom random) {
        return new MasterKey(keyBytes.clone(), random);
    }

    /** Reads an existing key file; fails if it is missing or not 32 base64-encoded bytes. */
    public static MasterKey load(Path file, SecureRandom random) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("master key file " + file + " is not base64", e);
        }
        if (bytes.length != 32) {
            throw new IOException("master key file " + file + " must hold 32 bytes in base64, found " + bytes.length);
        }
        return new MasterKey(bytes, random);
    }

    /** Loads the key file, creating it with a fresh random key (mode 0600) if it does not exist yet. */
    public static MasterKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.TRUNCATE_EXISTING);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it first; use theirs.
            } finally {
                Arrays.fill(fresh, (byte) 0);
            }
        }
        return load(file, random);
    }

    @Override
    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + ct.length).put(FORMAT).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public byte[] open(byte[] sealed, byte[] associatedData) {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new SecurityException("sealed secret has an unknown format");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            c.updateAAD(associatedData);
            return c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecurityException("sealed secret does not open under this master key (wrong key or tampered data)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[AES-256-GCM, ****]";
    }
}
