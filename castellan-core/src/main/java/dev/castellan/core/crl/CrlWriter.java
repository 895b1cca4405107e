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
 *   <li><b>One pass.</b> DER puts every length before its content, and the revokedCertificates SEQUENCE holds all
 *   entries. {@link #prepare} visits the source once and encodes each entry straight into 64 KiB chunks
 *   ({@link EntryChunks}), so the lengths are known when the TBSCertList is laid out. The source (a database
 *   cursor) is read exactly once.</li>
 *   <li><b>Memory.</b> The encoded entries (a CRL's worth of bytes, ~50 per entry), then the TBSCertList, then the
 *   signed CRL; never an object per entry. A 1 MB partition needs about 3 MB while it is signed.</li>
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

    /** The revoked certificates of one CRL, visited once, in the order they are written. */
    @FunctionalInterface
    public interface Entries {
        void forEach(Consumer<CrlEntry> visitor);
    }

    /** Encodes every entry of the source, in one pass. */
    public static Prepared prepare(CrlHeader header, Entries entries) {
        Objects.requireNonNull(header);
        EntryChunks chunks = new EntryChunks();
        entries.forEach(chunks::add);
        return new Prepared(header, chunks);
    }

    /** A CRL whose entries are encoded, ready to be laid out and signed. */
    public static final class Prepared {
        private final CrlHeader header;
        private EntryChunks entries;
        private final long entriesLength;
        private final long entryCount;
        private final byte[] prefix;
        private final byte[] extensions;
        private final byte[] algorithm;

        private Prepared(CrlHeader header, EntryChunks entries) {
            this.header = header;
            this.entries = entries;
            this.entriesLength = entries.length();
            this.entryCount = entries.count();
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

        /** Lays out the TBSCertList, signs it, and returns the CRL's DER. Signs once: the entries are released. */
        public byte[] sign(ContentSigner signer) {
            if (!signer.getAlgorithmIdentifier().equals(header.signatureAlgorithm())) {
                throw new IllegalArgumentException("The signer's algorithm " + signer.getAlgorithmIdentifier().getAlgorithm()
                        + " is not the header's " + header.signatureAlgorithm().getAlgorithm());
            }
            if (entries == null) {
                throw new IllegalStateException("This CRL was already signed.");
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
                at = entries.copyTo(buffer, at);
            }
            entries = null; // the chunks can go before the signed copy is made
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
    }
}
