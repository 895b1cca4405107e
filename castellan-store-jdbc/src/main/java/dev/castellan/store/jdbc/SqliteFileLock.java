package dev.castellan.store.jdbc;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <database>.lock}, held for the life of a SQLite store: one Castellan server per SQLite
 * file. The store relies on it: being the file's only writer, it trusts its CA cache without asking the database
 * ({@link VersionedCache#soleWriter}), and two servers committing to one file would each miss the other's changes.
 * Several nodes share a PostgreSQL database instead.
 *
 * <p>Why a file of its own: SQLite locks the database file with POSIX locks, which belong to the process and are
 * all released when any descriptor of that file closes; a second descriptor of ours on the database file itself
 * would silently drop SQLite's locks. The lock is released by the operating system if the process dies.
 */
final class SqliteFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks the database file {@code database}, or refuses if another store (in any process) holds it. */
    static SqliteFileLock acquire(Path database) {
        Path lockFile = database.resolveSibling(database.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "Cannot create the lock file " + lockFile
                    + " of the SQLite database: " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already, through another store
        } catch (IOException e) {
            closeQuietly(channel);
            throw new CastellanException(ErrorCode.INTERNAL, "Cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new CastellanException(ErrorCode.INTERNAL, "The SQLite database " + database
                    + " is in use by another Castellan server (it holds " + lockFile + "). A SQLite store admits one"
                    + " server; several servers share a PostgreSQL database.");
        }
        return new SqliteFileLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to release: the lock goes with the descriptor.
        }
    }
}
