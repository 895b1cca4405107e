package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.castellan.authority.kms.KeySpec;
import dev.castellan.authority.kms.KeyState;
import dev.castellan.authority.kms.KmsKey;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key service's store contract on a SQLite file, plus the key cache of a store that is the file's only writer. */
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

    @Test
    void key_readAgain_takesNoConnection_andEveryKindOfChangeIsSeen() throws Exception {
        KmsKey key = key(UUID.randomUUID(), KeySpec.ECC_NIST_P256);
        insert(key);
        assertThat(readBegins(key.id())).as("first read").isTrue();
        assertThat(readBegins(key.id())).as("read again").isFalse();

        // Changed between a read and the commit that holds it: read fresh once committed.
        CountDownLatch changed = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        CompletableFuture<KmsKey> disable = kms.writeLater(tx -> {
            KmsKey disabled = tx.update(key.withState(KeyState.Disabled), event("kms:DisableKey", ""));
            changed.countDown();
            try {
                commit.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return disabled;
        });
        assertThat(changed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(stored(key.id()).state()).isEqualTo(KeyState.Enabled);
        assertThat(stored(key.id()).state()).isEqualTo(KeyState.Enabled);
        commit.countDown();
        KmsKey disabled = disable.get();
        assertThat(stored(key.id())).isEqualTo(disabled);
        assertThat(disabled.state()).isEqualTo(KeyState.Disabled);
        assertThat(readBegins(key.id())).as("read again after the change").isFalse();

        kms.write(tx -> tx.delete(key.id(), event("kms:DeleteKey", "")));
        assertThat(find(key.id())).isEmpty();
    }

    /** Whether reading the key took a connection and began a transaction (rather than the cache answering). */
    private boolean readBegins(UUID id) {
        return kms.read(tx -> {
            tx.key(id).orElseThrow();
            return ((JdbcKmsKeyStore.JdbcReads) tx).tx.begun() != null;
        });
    }
}
