package dev.castellan.authority.ocsp;

import dev.castellan.core.model.Serial;
import dev.castellan.core.ocsp.OcspStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pre-signed OCSP responses, per CA and serial, each kept until it is due for re-signing and dropped as soon as the
 * certificate is revoked.
 *
 * <p>Design notes:
 * <ul>
 *   <li><b>Variants.</b> One certificate can be asked about with different CertIDs (SHA-1 or SHA-256, hash
 *   parameters NULL or absent); a response echoes the CertID asked, so each variant is cached by its exact DER,
 *   at most {@link #MAX_VARIANTS} per certificate, all sharing the certificate's status.</li>
 *   <li><b>No stale status after a revocation.</b> A miss reads the status from the store and signs, which takes
 *   time; a revocation can commit meanwhile. Every invalidation takes a number from one sequence and leaves it
 *   behind for the certificate; a miss notes the sequence ({@link #stamp()}) before reading and stores its
 *   response only if no invalidation of that certificate came later. The check and the store run inside
 *   {@code compute} on the certificate's key, and invalidation writes its number before removing the entry, so
 *   either the store sees the number or the removal follows the store. A revocation is only announced after it
 *   committed, so a read that starts after the announcement sees it.</li>
 *   <li><b>Bounded.</b> Beyond {@code maxEntries} certificates, arbitrary entries (hash order, effectively random
 *   for random serials) are evicted down to 90 %; an evicted certificate is simply signed again when asked.</li>
 * </ul>
 */
final class ResponseCache {
    static final int MAX_VARIANTS = 4;

    record Key(UUID caId, Serial serial) {}

    /** One signed response for one CertID encoding. */
    record Variant(byte[] certId, OcspReply reply, Instant refreshAt) {}

    /** What is cached for one certificate: the status every variant was signed with, and the variants. */
    record Entry(OcspStatus status, Variant[] variants) {
        Variant find(byte[] certId) {
            for (Variant v : variants) {
                if (Arrays.equals(v.certId(), certId)) {
                    return v;
                }
            }
            return null;
        }

        Entry with(Variant v) {
            Variant[] next = new Variant[Math.min(variants.length + 1, MAX_VARIANTS)];
            next[0] = v;
            int i = 1;
            for (Variant old : variants) {
                if (i < next.length && !Arrays.equals(old.certId(), v.certId())) {
                    next[i++] = old;
                }
            }
            return new Entry(status, Arrays.copyOf(next, i));
        }
    }

    private final int maxEntries;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Key, Long> invalidations = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    ResponseCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The cached reply for this CertID if there is one not yet due for re-signing at {@code now}. */
    OcspReply fresh(Key key, byte[] certId, Instant now) {
        Entry e = entries.get(key);
        Variant v = e == null ? null : e.find(certId);
        return v != null && now.isBefore(v.refreshAt()) ? v.reply() : null;
    }

    /** The current position of the invalidation sequence: note it before reading a status from the store. */
    long stamp() {
        return sequence.get();
    }

    /** Caches a reply signed from a status read after {@code stamp}, unless the certificate was invalidated since. */
    void put(Key key, OcspStatus status, Variant variant, long stamp) {
        if (maxEntries == 0) {
            return;
        }
        entries.compute(key, (k, old) -> {
            Long invalidated = invalidations.get(k);
            if (invalidated != null && invalidated > stamp) {
                return old;
            }
            return old == null || !old.status().equals(status) ? new Entry(status, new Variant[] {variant}) : old.with(variant);
        });
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    /** Drops what is cached for the certificate, and fences off replies signed from a status read before now. */
    void invalidate(Key key) {
        invalidations.put(key, sequence.incrementAndGet());
        entries.remove(key);
    }

    /** Invalidates the certificate unless what is cached already says revoked: polls repeat the same revocations. */
    void revoked(Key key) {
        Entry e = entries.get(key);
        if (e == null || !(e.status() instanceof OcspStatus.Revoked)) {
            invalidate(key);
        }
    }

    /** Forgets invalidation numbers at or below {@code stamp}: no read that started before them is still running. */
    void forgetInvalidationsUpTo(long stamp) {
        invalidations.values().removeIf(n -> n <= stamp);
    }

    int size() {
        return entries.size();
    }

    private void evict() {
        int target = maxEntries * 9 / 10;
        Iterator<Key> it = entries.keySet().iterator();
        while (entries.size() > target && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
