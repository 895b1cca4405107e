package dev.castellan.core.cms;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/**
 * The digests of one content under several algorithms, computed in one pass: the caller streams the content in
 * (from a file of any size; this class does no I/O), then asks for the map. Not thread-safe; one use.
 */
public final class ContentDigests {
    private final Map<DigestAlgorithm, MessageDigest> running = new EnumMap<>(DigestAlgorithm.class);
    private Map<DigestAlgorithm, byte[]> finished;

    public ContentDigests(Collection<DigestAlgorithm> algorithms) {
        for (DigestAlgorithm a : algorithms) {
            running.put(a, a.newDigest());
        }
    }

    /** The digests of a content held in memory. */
    public static Map<DigestAlgorithm, byte[]> of(byte[] content, Collection<DigestAlgorithm> algorithms) {
        ContentDigests d = new ContentDigests(algorithms);
        d.update(content, 0, content.length);
        return d.finish();
    }

    public void update(byte[] bytes, int offset, int length) {
        if (finished != null) {
            throw new IllegalStateException("the digests are already finished");
        }
        for (MessageDigest d : running.values()) {
            d.update(bytes, offset, length);
        }
    }

    /** The digests by algorithm; calling it again returns the same map. */
    public Map<DigestAlgorithm, byte[]> finish() {
        if (finished == null) {
            Map<DigestAlgorithm, byte[]> out = new EnumMap<>(DigestAlgorithm.class);
            running.forEach((a, d) -> out.put(a, d.digest()));
            finished = Map.copyOf(out);
        }
        return finished;
    }
}
