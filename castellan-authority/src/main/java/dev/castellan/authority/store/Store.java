package dev.castellan.authority.store;

import dev.castellan.core.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The authority's door to durable state. Work runs inside a transaction handed to the callback: everything it
 * writes commits together or not at all, and an exception rolls it back.
 */
public interface Store {
    <T> T read(Function<ReadTransaction, T> work);

    /** Commits the work durably: when this returns, the change survives a crash of the process and of the machine. */
    <T> T write(Function<WriteTransaction, T> work);

    /**
     * {@link #write}, answered later: the future completes when the change is as durable as a returned {@code write}
     * (or with the exception that rolled it back). A caller that only has to pass the answer on (an HTTP response)
     * need not hold a thread while the commit waits for the disk.
     *
     * <p>A store with a writer thread completes the future on a thread of its own that answers every such write, so
     * what depends on it must be quick and must not block: the other answers wait behind it. A store without one
     * completes it before returning.
     */
    default <T> CompletableFuture<T> writeLater(Function<WriteTransaction, T> work) {
        return Futures.now(() -> write(work));
    }

    /**
     * Commits the work without waiting for it to reach the disk: when this returns, every later transaction sees the
     * change and a crash of the process keeps it, but a power loss may lose it. Commits reach the disk in the order
     * they were made, so the next {@link #write} that returns makes this change durable too; a power loss before that
     * loses this change and everything committed after it, never a change that a returned {@code write} holds.
     *
     * <p>For recording what is about to happen (a certificate about to be signed) when losing the record together
     * with the unfinished operation is harmless; never for a change a client is told has happened.
     */
    <T> T writeIntent(Function<WriteTransaction, T> work);
}
