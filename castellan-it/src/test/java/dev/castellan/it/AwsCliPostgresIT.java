package dev.castellan.it;

import dev.castellan.store.jdbc.testing.TestPostgres;

/** The AWS CLI against a throwaway PostgreSQL cluster. */
class AwsCliPostgresIT extends AwsCliContract {
    @Override
    String databaseUrl() {
        return TestPostgres.freshDatabaseUrl() + "?user=postgres";
    }
}
