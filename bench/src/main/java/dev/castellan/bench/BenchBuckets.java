package dev.castellan.bench;

import dev.castellan.authority.crl.BucketWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Bucket files for the benchmark, written like the server's (temporary file, then an atomic rename). */
final class BenchBuckets implements BucketWriter {
    private final Path root;

    BenchBuckets(Path root) {
        this.root = root;
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        try {
            Path target = root.resolve(bucket).resolve(key);
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".bench", ".tmp");
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
