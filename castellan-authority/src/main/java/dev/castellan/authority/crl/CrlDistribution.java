package dev.castellan.authority.crl;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.store.Store;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the public object an HTTP path names, from the store, so every server sharing the database serves the
 * newest CRL. Paths are read from their end ({@link DistributionUrls} forms): {@code .../crl/<ca>.crl} is a complete
 * CRL, {@code .../<ca>/<partition>.crl} a partition CRL, {@code .../ca/<ca>.crt} a CA certificate.
 *
 * <p>What comes before (public base path, bucket, CustomPath, or nothing under a CNAME host) is not checked: the ids
 * are random UUIDs that name one object each, so a certificate whose CDP was written before its CA's bucket or CNAME
 * changed keeps resolving here — where AWS documents that such a change breaks existing certificates.
 */
public final class CrlDistribution {
    private final Store store;
    private final InstantSource clock;

    public CrlDistribution(Store store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<PublishedObject> find(String path) {
        if (path == null || path.length() > 2048) {
            return Optional.empty();
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.size() < 2) {
            return Optional.empty();
        }
        String last = segments.getLast();
        String parent = segments.get(segments.size() - 2);
        if (last.endsWith(".crt") && parent.equals("ca")) {
            return uuid(last, ".crt").flatMap(this::caCertificate);
        }
        if (!last.endsWith(".crl")) {
            return Optional.empty();
        }
        Optional<UUID> id = uuid(last, ".crl");
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Optional<UUID> ca = uuid(parent, "");
        if (ca.isPresent()) {
            return crl(ca.get(), id.get());
        }
        return parent.equals("crl") ? crl(id.get(), id.get()) : Optional.empty();
    }

    private Optional<PublishedObject> crl(UUID caId, UUID scopeId) {
        return store.read(tx -> tx.crlPublication(caId, scopeId)).map(p -> new PublishedObject(PublishedObject.CRL,
                p.der(), p.thisUpdate(), p.nextUpdate(), Long.toString(p.crlNumber())));
    }

    private Optional<PublishedObject> caCertificate(UUID caId) {
        Instant now = clock.instant();
        Optional<CertificateAuthority> ca = store.read(tx -> tx.certificateAuthority(caId));
        return ca.filter(c -> !c.purged(now) && c.certificateDer() != null).map(c -> new PublishedObject(
                PublishedObject.CERTIFICATE, c.certificateDer(), c.notBefore(), null, c.certificateSerialHex()));
    }

    private static Optional<UUID> uuid(String segment, String suffix) {
        if (!segment.endsWith(suffix) || segment.length() != 36 + suffix.length()) {
            return Optional.empty();
        }
        try {
            UUID id = UUID.fromString(segment.substring(0, 36));
            return id.toString().equals(segment.substring(0, 36)) ? Optional.of(id) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
