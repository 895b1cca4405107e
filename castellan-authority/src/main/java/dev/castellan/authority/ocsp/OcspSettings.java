package dev.castellan.authority.ocsp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How the OCSP responder signs and caches, checked as a whole when built.
 *
 * @param responseValidity      thisUpdate to nextUpdate of every response (the CA/Browser Forum allows 8 hours to 10
 *                              days); a cached response is re-signed once half of it has passed
 * @param responderValidity     validity of each delegated responder certificate; short, since with
 *                              id-pkix-ocsp-nocheck nobody can check it for revocation
 * @param responderRenewBefore  a responder is replaced this long before its certificate expires
 * @param cacheMaxEntries       certificates whose pre-signed responses are kept in memory (each about 1 KB)
 * @param revocationLookback    how far before its previous poll each poll for revocations made by other servers
 *                              reads again: it covers commit delay and clock skew between servers
 */
public record OcspSettings(Duration responseValidity, Duration responderValidity, Duration responderRenewBefore,
        int cacheMaxEntries, Duration revocationLookback) {

    public static final OcspSettings DEFAULTS = new OcspSettings(Duration.ofDays(1), Duration.ofDays(30),
            Duration.ofDays(10), 50_000, Duration.ofSeconds(30));

    public OcspSettings {
        List<String> problems = new ArrayList<>();
        if (responseValidity.compareTo(Duration.ofMinutes(1)) < 0) {
            problems.add("responseValidity must be at least one minute: " + responseValidity);
        }
        if (responderValidity.compareTo(responseValidity.multipliedBy(2)) < 0) {
            problems.add("responderValidity must be at least twice responseValidity: " + responderValidity);
        }
        if (responderRenewBefore.isNegative() || responderRenewBefore.compareTo(responderValidity) >= 0
                || responderRenewBefore.compareTo(responseValidity) < 0) {
            problems.add("responderRenewBefore must be at least responseValidity and less than responderValidity: "
                    + responderRenewBefore);
        }
        if (cacheMaxEntries < 0) {
            problems.add("cacheMaxEntries must not be negative: " + cacheMaxEntries);
        }
        if (revocationLookback.isNegative()) {
            problems.add("revocationLookback must not be negative: " + revocationLookback);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
