package dev.castellan.core.crl;

/**
 * How many certificates a CRL partition may be assigned so that its CRL stays within a byte limit even if every
 * one of them is revoked. The bound is exact, not statistical: it assumes every entry is as large as RFC 5280
 * allows ({@link #WORST_CASE_ENTRY}) and every header field as large as the CA can make it ({@link
 * CrlHeader#worstCase}), and it includes the largest signature the CA's key can make.
 */
public final class PartitionCapacity {
    /** The byte limit AWS Private CA documents for a partition CRL, and Castellan's default. */
    public static final long DEFAULT_LIMIT_BYTES = 1_000_000;

    /**
     * The largest CRL entry: a 20-octet serial (RFC 5280 §4.1.2.2), a GeneralizedTime revocation date and the
     * reasonCode extension — 22 + 17 + 14 octets of content in a 2-octet SEQUENCE header, 55 octets.
     */
    public static final int WORST_CASE_ENTRY =
            Der.tlvLength(Der.tlvLength(20) + 17 + CrlEntry.REASON_EXTENSIONS_LENGTH);

    private PartitionCapacity() {}

    /**
     * The capacity of a partition whose CRLs have at most the given header and signature size.
     *
     * @param worstHeader       {@link CrlHeader#worstCase} of the CA and the partition's distribution point
     * @param maxSignatureBytes the largest signature value the CA key makes ({@code KeyAlgorithm.maxSignatureBytes})
     * @throws IllegalArgumentException if not even one entry fits
     */
    public static long of(long limitBytes, CrlHeader worstHeader, int maxSignatureBytes) {
        Layout layout = new Layout(worstHeader, maxSignatureBytes);
        long n = Math.max(0, (limitBytes - layout.length(0)) / WORST_CASE_ENTRY);
        while (n > 0 && layout.length(n) > limitBytes) {
            n--;
        }
        while (layout.length(n + 1) <= limitBytes) {
            n++;
        }
        if (n < 1) {
            throw new IllegalArgumentException("A CRL of at most " + limitBytes + " bytes cannot hold even one entry"
                    + " for this CA (" + layout.length(1) + " bytes needed).");
        }
        return n;
    }

    /** The exact size of a CRL with {@code entries} worst-case entries, header and signature. */
    public static long worstCaseLength(CrlHeader worstHeader, int maxSignatureBytes, long entries) {
        return new Layout(worstHeader, maxSignatureBytes).length(entries);
    }

    /** The fixed parts of one CRL's encoding, to size it for any number of worst-case entries. */
    private record Layout(long prefix, long extensions, long algorithm, int signature) {
        Layout(CrlHeader h, int signature) {
            this(h.encodedPrefix().length, h.encodedExtensions().length, h.encodedAlgorithm().length, signature);
        }

        long length(long entries) {
            long revoked = entries == 0 ? 0 : Der.tlvLength(entries * WORST_CASE_ENTRY);
            long tbs = Der.tlvLength(prefix + revoked + extensions);
            return Der.tlvLength(tbs + algorithm + Der.tlvLength(1L + signature));
        }
    }
}
