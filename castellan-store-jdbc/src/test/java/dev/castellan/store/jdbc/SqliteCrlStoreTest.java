package dev.castellan.store.jdbc;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** The revocation and CRL store contract on a SQLite file. */
final class SqliteCrlStoreTest extends CrlStoreContract {
    @TempDir
    Path folder;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + folder.resolve("crl-" + UUID.randomUUID() + ".db");
    }

    @Override
    String user() {
        return null;
    }
}
