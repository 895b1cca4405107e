package dev.castellan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Buckets as folders: atomic replacement, no stray temporary files, nothing written outside a bucket. */
class FileBucketsTest {
    @TempDir
    Path root;

    @Test
    void put_newThenChangedObject_replacesItAndLeavesNoTemporaryFile() throws Exception {
        FileBuckets buckets = new FileBuckets(root);

        buckets.put("team/pki", "crl/a/b.crl", new byte[] {1, 2, 3});
        buckets.put("team/pki", "crl/a/b.crl", new byte[] {4, 5});

        assertThat(Files.readAllBytes(root.resolve("team/pki/crl/a/b.crl"))).containsExactly(4, 5);
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(root.resolve("team/pki/crl/a/b.crl"));
        }
    }

    @Test
    void put_sameBytesAgain_doesNotRewriteTheFile() throws Exception {
        FileBuckets buckets = new FileBuckets(root);
        buckets.put("b", "ca/x.crt", new byte[] {9});
        Path file = root.resolve("b/ca/x.crt");
        FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, old);

        buckets.put("b", "ca/x.crt", new byte[] {9});

        assertThat(Files.getLastModifiedTime(file)).isEqualTo(old);
    }

    @Test
    void put_keyEscapingItsBucket_isRefused() {
        FileBuckets buckets = new FileBuckets(root.resolve("buckets"));

        assertThatThrownBy(() -> buckets.put("b", "../other/x.crl", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buckets.put("..", "x.crl", new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("other")).doesNotExist();
    }
}
