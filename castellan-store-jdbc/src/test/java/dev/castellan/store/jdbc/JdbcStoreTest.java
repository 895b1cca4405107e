package dev.castellan.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link JdbcStore#open} treats URLs before touching any database. */
final class JdbcStoreTest {
    @Test
    void open_unsupportedUrl_failsNamingTheSupportedOnes() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:mysql://db.example/castellan", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:sqlite:").hasMessageContaining("jdbc:postgresql:");
    }

    @Test
    void open_unsupportedUrlWithPassword_masksTheQueryString() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:h2:mem:x?password=hunter2", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void open_nullUrl_failsWithIllegalArgument() {
        assertThatThrownBy(() -> JdbcStore.open(null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void open_sqliteInMemory_failsBecausePooledConnectionsWouldNotShareIt() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:sqlite::memory:", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in-memory");
        assertThatThrownBy(() -> JdbcStore.open("jdbc:sqlite:", null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void open_sqliteUrlWithParameters_failsBecauseTheyWouldOverrideTheStoreSettings() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:sqlite:/tmp/c.db?transaction_mode=DEFERRED", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters");
    }

    @Test
    void open_sqliteFileInMissingFolder_failsInternal(@TempDir Path folder) {
        String url = "jdbc:sqlite:" + folder.resolve("missing/castellan.db");

        assertThatThrownBy(() -> JdbcStore.open(url, null, null)).isInstanceOfSatisfying(CastellanException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }
}
