package dev.castellan.authority.issuance;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The DER of the certificates this server issued last, so that the GetCertificate that follows nearly every
 * IssueCertificate (clients fetch the certificate right after, the AWS SDK's waiter polls it) reads no row.
 *
 * <p>Why it cannot go stale: a certificate's DER never changes once issued and no certificate row is ever deleted;
 * an entry is added only after the commit that made the certificate durable. What GetCertificate decides from
 * anything else (the CA exists, is not deleted) it still reads from the CA. Several nodes on one PostgreSQL database
 * each remember their own certificates and read the others'.
 */
final class RecentCertificates {
    /** Covers the seconds between issuing and fetching at thousands of issuances per second, a few MB at most. */
    static final int CAPACITY = 2048;

    private final Map<CertificateArn, byte[]> byArn = new ConcurrentHashMap<>();
    /** Insertion order, to forget the oldest; guarded by this. */
    private final CertificateArn[] ring = new CertificateArn[CAPACITY];
    private int next;

    /** Remembers an issued, durable certificate; the oldest is forgotten once {@link #CAPACITY} are held. */
    synchronized void add(CertificateArn arn, byte[] der) {
        CertificateArn oldest = ring[next];
        if (oldest != null) {
            byArn.remove(oldest);
        }
        ring[next] = arn;
        next = (next + 1) % CAPACITY;
        byArn.put(arn, der);
    }

    /** The DER of {@code arn} if it is among the last issued here, else null. The array is shared: do not modify. */
    byte[] der(CertificateArn arn) {
        return byArn.get(arn);
    }
}
