package dev.castellan.it;

import dev.castellan.store.jdbc.testing.TestPostgres;

/** The CA lifecycle on a throwaway PostgreSQL cluster started by the test itself. */
class CaLifecyclePostgresIT extends CaLifecycleContract {
    @Override
    String databaseUrl() {
        String url = TestPostgres.freshDatabaseUrl();
        return url + (url.contains("?") ? "&" : "?") + "user=postgres";
    }
}
