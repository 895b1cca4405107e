package dev.castellan.core.crl;

import java.util.ArrayList;
import java.util.List;

/**
 * Encoded CRL entries in fixed 64 KiB chunks: filled in one pass over the source, never copied while growing (as a
 * doubling buffer would be), then copied once into the TBSCertList. An entry is at most 57 bytes, so it never
 * spans two chunks.
 */
final class EntryChunks {
    static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private final List<Integer> used = new ArrayList<>();
    private byte[] current;
    private int position;
    private long length;
    private long count;

    void add(CrlEntry entry) {
        int size = entry.encodedLength();
        if (current == null || position + size > CHUNK) {
            if (current != null) {
                used.add(position);
            }
            current = new byte[CHUNK];
            chunks.add(current);
            position = 0;
        }
        int end = entry.writeTo(current, position);
        if (end - position != size) {
            throw new IllegalStateException("entry length " + (end - position) + " != computed " + size);
        }
        position = end;
        length += size;
        count++;
    }

    long length() {
        return length;
    }

    long count() {
        return count;
    }

    /** Copies every entry, in order, into {@code out} at {@code offset}; returns the offset after them. */
    int copyTo(byte[] out, int offset) {
        for (int i = 0; i < chunks.size(); i++) {
            int n = i < used.size() ? used.get(i) : position;
            System.arraycopy(chunks.get(i), 0, out, offset, n);
            offset += n;
        }
        return offset;
    }
}
