package dev.castellan.server;

import dev.castellan.authority.crl.BucketWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Buckets as folders: {@code <data-dir>/buckets/<bucket>/<key>}. Each object is written to a temporary file in its
 * folder, forced to disk, and renamed over the old one, so a reader (or a sync to a CDN) sees the old file or the
 * new one, never a torn write. An object whose bytes did not change is not rewritten.
 */
final class FileBuckets implements BucketWriter {
    private final Path root;

    FileBuckets(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        Path target = root.resolve(bucket).resolve(key).normalize();
        if (!target.startsWith(root.resolve(bucket).normalize()) || !target.startsWith(root)) {
            throw new IllegalArgumentException("The object " + bucket + "/" + key + " is outside its bucket.");
        }
        try {
            if (unchanged(target, content)) {
                return;
            }
            Path folder = Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try {
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    out.force(true);
                }
                move(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
            forceFolder(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }

    private static boolean unchanged(Path target, byte[] content) throws IOException {
        return Files.isRegularFile(target) && Files.size(target) == content.length
                && Arrays.equals(Files.readAllBytes(target), content);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + target + " cannot rename atomically", e);
        }
    }

    /** Makes the rename itself durable (POSIX: fsync the directory); not every platform allows it. */
    private static void forceFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // The file's own content is already on disk; only the rename could be lost in a crash.
        }
    }
}
