package dev.castellan.it;

/** The AWS CLI against the embedded SQLite database. */
class AwsCliSqliteIT extends AwsCliContract {
    @Override
    String databaseUrl() {
        return null;
    }
}
