package dev.castellan.it;

/** The CA lifecycle on the embedded SQLite database (the default). */
class CaLifecycleSqliteIT extends CaLifecycleContract {
    @Override
    String databaseUrl() {
        return null;
    }
}
