package dev.castellan.store.jdbc;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The key service's store contract on a SQLite file. */
final class SqliteKmsKeyStoreTest extends KmsKeyStoreContract {
    @TempDir
    Path folder;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + folder.resolve("kms-" + UUID.randomUUID() + ".db");
    }

    @Override
    String user() {
        return null;
    }
}
