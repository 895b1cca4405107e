package dev.castellan.store.jdbc;

import dev.castellan.store.jdbc.testing.TestPostgres;

/** The OCSP store contract on a fresh database of the shared test PostgreSQL cluster. */
final class PostgresOcspStoreTest extends OcspStoreContract {
    @Override
    String freshUrl() {
        return TestPostgres.freshDatabaseUrl();
    }

    @Override
    String user() {
        return TestPostgres.user();
    }
}
