package dev.castellan.authority.kms;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.core.Futures;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Where the key service keeps its keys and aliases. Work runs inside a transaction handed to the callback, as with
 * the authority's {@code Store}; every change takes the {@link AuditEvent} that describes it, and the store writes
 * both in that transaction, so the trail and the state never disagree.
 */
public interface KmsKeyStore {
    <T> T read(Function<Reads, T> work);

    <T> T write(Function<Writes, T> work);

    /**
     * {@link #write}, answered later, as {@code Store#writeLater} describes (quick, non-blocking dependents only); a
     * store without a writer thread completes it before returning.
     */
    default <T> CompletableFuture<T> writeLater(Function<Writes, T> work) {
        return Futures.now(() -> write(work));
    }

    /** What the key service reads. */
    interface Reads {
        Optional<KmsKey> key(UUID id);

        /** Keys ordered by id, starting strictly after {@code after} (null for the first page). */
        List<KmsKey> keys(UUID after, int limit);

        /** Keys pending deletion whose deletion date is at or before {@code now}, oldest date first. */
        List<KmsKey> dueForDeletion(Instant now, int limit);

        Optional<KmsAlias> alias(String name);

        /**
         * Aliases ordered by name, starting strictly after {@code after} (null for the first page), of one key or,
         * if {@code targetKeyId} is null, of all keys.
         */
        List<KmsAlias> aliases(UUID targetKeyId, String after, int limit);
    }

    /** What the key service changes; every method joins the surrounding transaction. */
    interface Writes extends Reads {
        void insert(KmsKey key, AuditEvent event);

        /**
         * Replaces the stored key if its version is still {@code key.version()}, storing version + 1.
         *
         * @return the key as stored
         * @throws dev.castellan.core.CastellanException {@code CONCURRENT_MODIFICATION} if someone else won,
         *         {@code NOT_FOUND} if there is no such key
         */
        KmsKey update(KmsKey key, AuditEvent event);

        /**
         * Adds an alias.
         *
         * @throws dev.castellan.core.CastellanException {@code ALREADY_EXISTS} if the name is taken
         */
        void insert(KmsAlias alias, AuditEvent event);

        /** Removes an alias; false (and nothing recorded) if there was none of that name. */
        boolean deleteAlias(String name, AuditEvent event);

        /**
         * Removes a key and every alias that names it; false (and nothing recorded) if there was no such key.
         */
        boolean delete(UUID id, AuditEvent event);

        /** Records a use of a key that changes nothing stored, such as a signature. */
        void record(AuditEvent event);
    }
}
