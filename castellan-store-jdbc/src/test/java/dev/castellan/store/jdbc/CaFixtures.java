package dev.castellan.store.jdbc;

import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.ca.Tag;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.model.AccessDescriptionSpec;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.CsrExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import dev.castellan.core.model.UsageMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Certificate authorities for the store tests: one with every field set, one with every optional field null. */
final class CaFixtures {
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123Z");

    private CaFixtures() {}

    static CertificateAuthority everyField(UUID id) {
        Subject directoryName = new Subject(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, List.of(new Subject.CustomAttribute("2.5.4.3", "Directory CN"),
                        new Subject.CustomAttribute("0.9.2342.19200300.100.1.25", "example")));
        Subject subject = new Subject("DE", "Castellan \"Test\" GmbH", "PKI", "dnq-1", "Berlin",
                "Castellan Root CA – Ω ✓", "S-42", "Berlin-Mitte", "Root", "Mustermann", "Erika", "EM", "pseudo",
                "III", List.of(new Subject.CustomAttribute("1.2.3.4.5", "custom, value = 1")));
        CsrExtensionsSpec extensions = new CsrExtensionsSpec(
                new KeyUsageSpec(true, false, true, false, true, true, true, false, true),
                List.of(
                        sia("CA_REPOSITORY", null, new GeneralNameSpec.Uri("https://pki.example/r")),
                        sia(null, "1.3.6.1.5.5.7.48.5", new GeneralNameSpec.Dns("pki.example")),
                        sia("RESOURCE_PKI_MANIFEST", null,
                                new GeneralNameSpec.Rfc822("pki@example.org")),
                        sia("RESOURCE_PKI_NOTIFY", null, new GeneralNameSpec.IpAddress("192.0.2.7")),
                        sia("CA_REPOSITORY", null, new GeneralNameSpec.IpAddress("2001:db8::1")),
                        sia(null, "1.2.3", new GeneralNameSpec.RegisteredId("1.3.6.1.4.1.99")),
                        sia("CA_REPOSITORY", null, new GeneralNameSpec.Directory(directoryName)),
                        sia("CA_REPOSITORY", null,
                                new GeneralNameSpec.Other("1.3.6.1.4.1.311.20.2.3", "upn@example.org")),
                        sia("CA_REPOSITORY", null, new GeneralNameSpec.EdiParty("party", "assigner")),
                        sia("CA_REPOSITORY", null, new GeneralNameSpec.EdiParty("party", null))));
        CaConfiguration configuration = new CaConfiguration(
                KeyAlgorithm.EC_prime256v1, SigningAlgorithm.SHA256WITHECDSA, subject, extensions);
        RevocationConfiguration revocation = new RevocationConfiguration(
                new RevocationConfiguration.Crl(true, 7, "crl.example.org", "bucket-1", "BUCKET_OWNER_FULL_CONTROL",
                        "PARTITIONED", "crls/root", false),
                new RevocationConfiguration.Ocsp(true, "ocsp.example.org"));
        return new CertificateAuthority.Builder()
                .id(id)
                .type(CaType.SUBORDINATE)
                .status(CaStatus.DELETED)
                .statusBeforeDeletion(CaStatus.DISABLED)
                .usageMode(UsageMode.SHORT_LIVED_CERTIFICATE)
                .keyStorageSecurityStandard("CCPC_LEVEL_1_OR_HIGHER")
                .configuration(configuration)
                .revocation(revocation)
                .key(new KeyRef("software:" + id))
                .csrDer(everyByte(3))
                .certificateDer(everyByte(5))
                .chainPem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
                .certificateSerialHex("8f3a0c11d2e4b5a6978812ab34cd56ef")
                .notBefore(T0.minus(Duration.ofDays(1)))
                .notAfter(T0.plus(Duration.ofDays(365)))
                .createdAt(T0)
                .lastStateChangeAt(T0.plus(Duration.ofHours(1)))
                .restorableUntil(T0.plus(Duration.ofDays(30)))
                .tags(List.of(new Tag("z-last", "1"), new Tag("a-first", ""), new Tag("Ünïcode key", "välue"),
                        new Tag("m", "middle")))
                .version(3)
                .build();
    }

    private static AccessDescriptionSpec sia(String method, String customOid, GeneralNameSpec location) {
        return new AccessDescriptionSpec(method, customOid, location);
    }

    static CertificateAuthority minimal(UUID id, Instant createdAt) {
        return new CertificateAuthority.Builder()
                .id(id)
                .type(CaType.ROOT)
                .status(CaStatus.PENDING_CERTIFICATE)
                .configuration(new CaConfiguration(
                        KeyAlgorithm.RSA_2048, SigningAlgorithm.SHA256WITHRSA, Subject.ofCommonName("Minimal"), null))
                .key(new KeyRef("software:" + id))
                .createdAt(createdAt)
                .build();
    }

    /** Every byte value, {@code copies} times over, so NUL and high bytes must survive the column. */
    static byte[] everyByte(int copies) {
        byte[] out = new byte[256 * copies];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) i;
        }
        return out;
    }
}
