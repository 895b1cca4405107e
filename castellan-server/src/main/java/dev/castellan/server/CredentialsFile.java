package dev.castellan.server;

import dev.castellan.authority.credentials.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The AWS shared-credentials file ({@code [default]} profile) that lets the stock AWS CLI and SDKs call this
 * server. Written with mode 0600 through a temporary file, so it is never visible half-written or to others.
 */
final class CredentialsFile {
    private CredentialsFile() {}

    /** Creates the administrator key on first start and writes the file when the key was just made. */
    static void ensure(Path file, Credentials credentials) throws IOException {
        Optional<Credentials.IssuedKey> created = credentials.bootstrapAdministrator();
        if (created.isPresent()) {
            write(file, created.get());
        } else if (!Files.exists(file)) {
            // Another node sharing this database created the key, or the file was deleted: the sealed secret
            // opens with the master key this node already holds, so writing it here discloses nothing new.
            write(file, credentials.administrator().orElseThrow(() -> new IOException(
                    "access keys exist but none is an administrator's; cannot write " + file)));
        }
    }

    static void write(Path file, Credentials.IssuedKey key) throws IOException {
        String text = "[default]\naws_access_key_id = " + key.accessKeyId() + "\naws_secret_access_key = "
                + key.secretAccessKey() + "\n";
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
