package dev.castellan.store.jdbc;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The OCSP store contract on a SQLite file. */
final class SqliteOcspStoreTest extends OcspStoreContract {
    @TempDir
    Path folder;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + folder.resolve("ocsp-" + UUID.randomUUID() + ".db");
    }

    @Override
    String user() {
        return null;
    }
}
