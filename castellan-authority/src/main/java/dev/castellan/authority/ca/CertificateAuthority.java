package dev.castellan.authority.ca;

import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.UsageMode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The stored state of one certificate authority. Immutable: each change produces a new value with the
 * {@code version} the store checks, so two concurrent writers cannot both win.
 *
 * @param status              the stored status; see {@link #effectiveStatus(Instant)} for what callers see
 * @param statusBeforeDeletion what {@code RestoreCertificateAuthority} returns the CA to
 * @param certificateDer      the installed CA certificate, null until one is imported
 * @param chainPem            the chain above the CA certificate (PEM, nearest issuer first), null for a root
 */
public record CertificateAuthority(
        UUID id,
        CaType type,
        CaStatus status,
        CaStatus statusBeforeDeletion,
        UsageMode usageMode,
        String keyStorageSecurityStandard,
        CaConfiguration configuration,
        RevocationConfiguration revocation,
        KeyRef key,
        byte[] csrDer,
        byte[] certificateDer,
        String chainPem,
        String certificateSerialHex,
        Instant notBefore,
        Instant notAfter,
        Instant createdAt,
        Instant lastStateChangeAt,
        Instant restorableUntil,
        List<Tag> tags,
        long version) {

    public CertificateAuthority {
        Objects.requireNonNull(id);
        Objects.requireNonNull(type);
        Objects.requireNonNull(status);
        Objects.requireNonNull(configuration);
        Objects.requireNonNull(key);
        revocation = revocation == null ? RevocationConfiguration.DISABLED : revocation;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /**
     * The status as of {@code now}: a certificate past its notAfter makes an ACTIVE or DISABLED CA EXPIRED
     * without anyone writing it, so the answer never depends on a background job having run.
     */
    public CaStatus effectiveStatus(Instant now) {
        if ((status == CaStatus.ACTIVE || status == CaStatus.DISABLED) && notAfter != null && now.isAfter(notAfter)) {
            return CaStatus.EXPIRED;
        }
        return status;
    }

    /** Permanently gone: deleted and past its restoration window. */
    public boolean purged(Instant now) {
        return status == CaStatus.DELETED && (restorableUntil == null || !now.isBefore(restorableUntil));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a CA value with some fields changed; {@link #build()} bumps nothing, the store owns versions. */
    public static final class Builder {
        private UUID id;
        private CaType type;
        private CaStatus status;
        private CaStatus statusBeforeDeletion;
        private UsageMode usageMode;
        private String keyStorageSecurityStandard;
        private CaConfiguration configuration;
        private RevocationConfiguration revocation;
        private KeyRef key;
        private byte[] csrDer;
        private byte[] certificateDer;
        private String chainPem;
        private String certificateSerialHex;
        private Instant notBefore;
        private Instant notAfter;
        private Instant createdAt;
        private Instant lastStateChangeAt;
        private Instant restorableUntil;
        private List<Tag> tags;
        private long version;

        public Builder() {}

        Builder(CertificateAuthority c) {
            id = c.id; type = c.type; status = c.status; statusBeforeDeletion = c.statusBeforeDeletion;
            usageMode = c.usageMode; keyStorageSecurityStandard = c.keyStorageSecurityStandard;
            configuration = c.configuration; revocation = c.revocation; key = c.key; csrDer = c.csrDer;
            certificateDer = c.certificateDer; chainPem = c.chainPem; certificateSerialHex = c.certificateSerialHex;
            notBefore = c.notBefore; notAfter = c.notAfter; createdAt = c.createdAt;
            lastStateChangeAt = c.lastStateChangeAt; restorableUntil = c.restorableUntil; tags = c.tags;
            version = c.version;
        }

        public Builder id(UUID v) { id = v; return this; }
        public Builder type(CaType v) { type = v; return this; }
        public Builder status(CaStatus v) { status = v; return this; }
        public Builder statusBeforeDeletion(CaStatus v) { statusBeforeDeletion = v; return this; }
        public Builder usageMode(UsageMode v) { usageMode = v; return this; }
        public Builder keyStorageSecurityStandard(String v) { keyStorageSecurityStandard = v; return this; }
        public Builder configuration(CaConfiguration v) { configuration = v; return this; }
        public Builder revocation(RevocationConfiguration v) { revocation = v; return this; }
        public Builder key(KeyRef v) { key = v; return this; }
        public Builder csrDer(byte[] v) { csrDer = v; return this; }
        public Builder certificateDer(byte[] v) { certificateDer = v; return this; }
        public Builder chainPem(String v) { chainPem = v; return this; }
        public Builder certificateSerialHex(String v) { certificateSerialHex = v; return this; }
        public Builder notBefore(Instant v) { notBefore = v; return this; }
        public Builder notAfter(Instant v) { notAfter = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder lastStateChangeAt(Instant v) { lastStateChangeAt = v; return this; }
        public Builder restorableUntil(Instant v) { restorableUntil = v; return this; }
        public Builder tags(List<Tag> v) { tags = v; return this; }
        public Builder version(long v) { version = v; return this; }

        public CertificateAuthority build() {
            return new CertificateAuthority(id, type, status, statusBeforeDeletion, usageMode,
                    keyStorageSecurityStandard, configuration, revocation, key, csrDer, certificateDer, chainPem,
                    certificateSerialHex, notBefore, notAfter, createdAt, lastStateChangeAt, restorableUntil, tags,
                    version);
        }
    }
}
