package dev.castellan.core.cms;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a verifier trusts and requires.
 *
 * @param trustAnchors      the roots a signer's chain must reach; their own validity is checked, their signatures
 *                          are not
 * @param extraCertificates certificates to build chains with besides those the signature carries (not trusted)
 * @param purpose           {@link Purpose#CODE_SIGNING} requires the code-signing extended key usage of the signer
 *                          certificate; {@link Purpose#ANY} accepts any certificate that may make digital signatures
 * @param now               the verifier's time: certificates are judged at the signing-time attribute, or at this
 *                          time when there is none, and a signing time later than this (plus the skew) is refused
 * @param clockSkew         how far a signer's clock may run ahead of the verifier's
 */
public record VerificationPolicy(List<X509Certificate> trustAnchors, List<X509Certificate> extraCertificates,
        Purpose purpose, Instant now, Duration clockSkew) {
    /** Five minutes, as Kerberos and most TLS stacks allow. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

    /** What the signer certificate must be issued for. */
    public enum Purpose { CODE_SIGNING, ANY }

    public VerificationPolicy {
        trustAnchors = List.copyOf(trustAnchors);
        extraCertificates = List.copyOf(extraCertificates);
        Objects.requireNonNull(purpose);
        Objects.requireNonNull(now);
        Objects.requireNonNull(clockSkew);
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a verifier needs at least one trusted root");
        }
    }

    /** Code signing with the default skew and no extra certificates. */
    public static VerificationPolicy codeSigning(List<X509Certificate> trustAnchors, Instant now) {
        return new VerificationPolicy(trustAnchors, List.of(), Purpose.CODE_SIGNING, now, DEFAULT_CLOCK_SKEW);
    }
}
