package dev.castellan.core.crl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Consumer;
import org.bouncycastle.operator.ContentSigner;

/**
 * Encodes and signs a v2 CRL (RFC 5280 §5.1) whose entries are visited from their source instead of held as
 * objects, so a million revocations cost one pass of encoding, not a million BouncyCastle objects.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Two passes.</b> DER puts every length before its content, and the revokedCertificates SEQUENCE holds
 *   all entries. {@link #prepare} visits the entries once and sums their exact lengths ({@link
 *   CrlEntry#encodedLength()}); {@link Prepared#sign} visits them again and writes each straight into a buffer of
 *   exactly the TBSCertList's size. The source must return the same entries both times (a database read in one
 *   snapshot does); if the bytes written differ from the bytes sized, signing fails rather than emit bad DER.</li>
 *   <li><b>Memory.</b> One array of the CRL's size plus one copy when the signature is appended: a 1 MB
 *   partition needs about 2 MB, never anything per entry.</li>
 *   <li><b>Signing.</b> The TBSCertList goes to a BouncyCastle {@link ContentSigner} in one write, so a signer that
 *   hashes as it reads ({@link StreamingKeySigner}) never copies it.</li>
 *   <li><b>Equivalence.</b> For the same header, entries and signer, the output equals BouncyCastle's
 *   {@code X509v2CRLBuilder} byte for byte (tested), and it is parsed by the JDK and openssl.</li>
 * </ul>
 */
public final class CrlWriter {
    /** Headroom for the outer SEQUENCE header: tag and at most five length octets. */
    private static final int MAX_HEADER = 6;

    private CrlWriter() {}

    /** The revoked certificates of one CRL, visited in the order they are written; visited twice. */
    @FunctionalInterface
    public interface Entries {
        void forEach(Consumer<CrlEntry> visitor);
    }

    /** Sizes the CRL: visits every entry once. */
    public static Prepared prepare(CrlHeader header, Entries entries) {
        Objects.requireNonNull(header);
        Objects.requireNonNull(entries);
        long[] sum = new long[2];
        entries.forEach(e -> {
            sum[0] += e.encodedLength();
            sum[1]++;
        });
        return new Prepared(header, entries, sum[0], sum[1]);
    }

    /** A sized CRL, ready to be encoded and signed. */
    public static final class Prepared {
        private final CrlHeader header;
        private final Entries entries;
        private final long entriesLength;
        private final long entryCount;
        private final byte[] prefix;
        private final byte[] extensions;
        private final byte[] algorithm;

        private Prepared(CrlHeader header, Entries entries, long entriesLength, long entryCount) {
            this.header = header;
            this.entries = entries;
            this.entriesLength = entriesLength;
            this.entryCount = entryCount;
            this.prefix = header.encodedPrefix();
            this.extensions = header.encodedExtensions();
            this.algorithm = header.encodedAlgorithm();
        }

        public long entryCount() {
            return entryCount;
        }

        /** The exact DER length of the TBSCertList, header included. */
        public long tbsLength() {
            return Der.tlvLength(tbsContentLength());
        }

        private long tbsContentLength() {
            // RFC 5280 §5.1.2.6: with no revoked certificates the revokedCertificates field is absent.
            long revoked = entryCount == 0 ? 0 : Der.tlvLength(entriesLength);
            return prefix.length + revoked + extensions.length;
        }

        /** The exact DER length of the whole CRL when its signature value has {@code signatureLength} octets. */
        public long encodedLength(int signatureLength) {
            return Der.tlvLength(tbsLength() + algorithm.length + Der.tlvLength(1L + signatureLength));
        }

        /** Encodes the TBSCertList (visiting the entries a second time), signs it, and returns the CRL's DER. */
        public byte[] sign(ContentSigner signer) {
            if (!signer.getAlgorithmIdentifier().equals(header.signatureAlgorithm())) {
                throw new IllegalArgumentException("The signer's algorithm " + signer.getAlgorithmIdentifier().getAlgorithm()
                        + " is not the header's " + header.signatureAlgorithm().getAlgorithm());
            }
            long tbsLength = tbsLength();
            if (tbsLength > Integer.MAX_VALUE - 64 * 1024) {
                throw new IllegalArgumentException("A CRL of " + tbsLength + " bytes is too large to encode.");
            }
            byte[] buffer = new byte[MAX_HEADER + (int) tbsLength];
            int at = Der.header(buffer, MAX_HEADER, Der.SEQUENCE, tbsContentLength());
            System.arraycopy(prefix, 0, buffer, at, prefix.length);
            at += prefix.length;
            if (entryCount > 0) {
                at = Der.header(buffer, at, Der.SEQUENCE, entriesLength);
                int entriesStart = at;
                int[] cursor = {at};
                long[] visited = {0};
                entries.forEach(e -> {
                    if (cursor[0] + e.encodedLength() > buffer.length - extensions.length) {
                        throw changed();
                    }
                    cursor[0] = e.writeTo(buffer, cursor[0]);
                    visited[0]++;
                });
                at = cursor[0];
                if (at - entriesStart != entriesLength || visited[0] != entryCount) {
                    throw changed();
                }
            }
            System.arraycopy(extensions, 0, buffer, at, extensions.length);
            at += extensions.length;
            if (at != buffer.length) {
                throw new IllegalStateException("TBSCertList length mismatch: wrote " + (at - MAX_HEADER)
                        + " of " + tbsLength + " bytes");
            }
            byte[] signature = signature(signer, buffer, MAX_HEADER, (int) tbsLength);
            return assemble(buffer, (int) tbsLength, signature);
        }

        private byte[] assemble(byte[] buffer, int tbsLength, byte[] signature) {
            long total = tbsLength + algorithm.length + Der.tlvLength(1L + signature.length);
            byte[] head = Der.header(Der.SEQUENCE, total);
            byte[] out = new byte[(int) (head.length + total)];
            System.arraycopy(head, 0, out, 0, head.length);
            int at = head.length;
            System.arraycopy(buffer, MAX_HEADER, out, at, tbsLength);
            at += tbsLength;
            System.arraycopy(algorithm, 0, out, at, algorithm.length);
            at += algorithm.length;
            at = Der.header(out, at, Der.BIT_STRING, 1L + signature.length);
            out[at++] = 0; // no unused bits
            System.arraycopy(signature, 0, out, at, signature.length);
            return out;
        }

        private static byte[] signature(ContentSigner signer, byte[] buffer, int offset, int length) {
            try (OutputStream out = signer.getOutputStream()) {
                out.write(buffer, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return signer.getSignature();
        }

        private static IllegalStateException changed() {
            return new IllegalStateException("The CRL entries changed between sizing and encoding;"
                    + " read them from one snapshot.");
        }
    }
}
