package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.kms.KeySpec;
import dev.castellan.authority.kms.KeyState;
import dev.castellan.authority.kms.KmsKey;
import dev.castellan.store.jdbc.testing.TestPostgres;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The key service's store contract on a fresh database of the shared test PostgreSQL cluster. */
final class PostgresKmsKeyStoreTest extends KmsKeyStoreContract {
    @Override
    String freshUrl() {
        return TestPostgres.freshDatabaseUrl();
    }

    @Override
    String user() {
        return TestPostgres.user();
    }

    @Test
    void key_changedThroughAnotherStoreOnTheSameDatabase_isReadFresh() {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        insert(key);
        assertThat(stored(key.id())).isEqualTo(key);
        // A second store on the same database stands for another node: its change must not be missed by the cache.
        try (JdbcStore other = JdbcStore.open(url, user(), null)) {
            other.kmsKeys().write(tx -> tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", "")));
        }
        assertThat(stored(key.id()).state()).isEqualTo(KeyState.Disabled);
        assertThat(kms.write(tx -> tx.key(key.id())).orElseThrow().version()).isEqualTo(1);
    }
}
