package dev.castellan.authority.kms;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The port's contract in memory, for the key service's own tests (the JDBC store runs the same contract against
 * SQLite and PostgreSQL in its module). A write works on copies and publishes them only if the callback returns,
 * so an exception rolls back the change and its audit event together, as a database transaction does.
 */
final class MapKmsKeyStore implements KmsKeyStore {
    private TreeMap<String, KmsKey> keys = new TreeMap<>();
    private TreeMap<String, KmsAlias> aliases = new TreeMap<>();
    private List<AuditEvent> events = new ArrayList<>();
    private int reads;

    synchronized List<AuditEvent> events() {
        return List.copyOf(events);
    }

    /** How many read transactions ran. */
    synchronized int reads() {
        return reads;
    }

    @Override
    public synchronized <T> T read(Function<Reads, T> work) {
        reads++;
        return work.apply(new State(new TreeMap<>(keys), new TreeMap<>(aliases), new ArrayList<>(events)));
    }

    @Override
    public synchronized <T> T write(Function<Writes, T> work) {
        State copy = new State(new TreeMap<>(keys), new TreeMap<>(aliases), new ArrayList<>(events));
        T result = work.apply(copy);
        keys = copy.keys;
        aliases = copy.aliases;
        events = copy.events;
        return result;
    }

    private record State(TreeMap<String, KmsKey> keys, TreeMap<String, KmsAlias> aliases, List<AuditEvent> events)
            implements Writes {
        @Override
        public Optional<KmsKey> key(UUID id) {
            return Optional.ofNullable(keys.get(id.toString()));
        }

        @Override
        public List<KmsKey> keys(UUID after, int limit) {
            return (after == null ? keys : keys.tailMap(after.toString(), false)).values().stream().limit(limit).toList();
        }

        @Override
        public List<KmsKey> dueForDeletion(java.time.Instant now, int limit) {
            return keys.values().stream().filter(k -> k.deleted(now))
                    .sorted(Comparator.comparing(KmsKey::deletionDate).thenComparing(KmsKey::id)).limit(limit).toList();
        }

        @Override
        public Optional<KmsAlias> alias(String name) {
            return Optional.ofNullable(aliases.get(name));
        }

        @Override
        public List<KmsAlias> aliases(UUID targetKeyId, String after, int limit) {
            return (after == null ? aliases : aliases.tailMap(after, false)).values().stream()
                    .filter(a -> targetKeyId == null || a.targetKeyId().equals(targetKeyId))
                    .sorted(Comparator.comparing(KmsAlias::name)).limit(limit).toList();
        }

        @Override
        public void insert(KmsKey key, AuditEvent event) {
            if (keys.putIfAbsent(key.id().toString(), key) != null) {
                throw new CastellanException(ErrorCode.INTERNAL, "duplicate key id");
            }
            events.add(event);
        }

        @Override
        public KmsKey update(KmsKey key, AuditEvent event) {
            KmsKey stored = keys.get(key.id().toString());
            if (stored == null) {
                throw CastellanException.notFound("no key " + key.id());
            }
            if (stored.version() != key.version()) {
                throw new CastellanException(ErrorCode.CONCURRENT_MODIFICATION, "stale version");
            }
            KmsKey next = new KmsKey(key.id(), key.spec(), key.usage(), key.description(), key.keyRef(), key.state(),
                    key.createdAt(), key.deletionDate(), key.pendingWindowInDays(), key.version() + 1);
            keys.put(key.id().toString(), next);
            events.add(event);
            return next;
        }

        @Override
        public void insert(KmsAlias alias, AuditEvent event) {
            if (aliases.putIfAbsent(alias.name(), alias) != null) {
                throw new CastellanException(ErrorCode.ALREADY_EXISTS, "alias exists");
            }
            events.add(event);
        }

        @Override
        public boolean deleteAlias(String name, AuditEvent event) {
            if (aliases.remove(name) == null) {
                return false;
            }
            events.add(event);
            return true;
        }

        @Override
        public boolean delete(UUID id, AuditEvent event) {
            aliases.values().removeIf(a -> a.targetKeyId().equals(id));
            if (keys.remove(id.toString()) == null) {
                return false;
            }
            events.add(event);
            return true;
        }

        @Override
        public void record(AuditEvent event) {
            events.add(event);
        }
    }
}
