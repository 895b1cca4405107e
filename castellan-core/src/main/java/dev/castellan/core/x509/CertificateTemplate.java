package dev.castellan.core.x509;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * One of the 61 AWS Private CA certificate templates ({@code arn:aws:acm-pca:::template/<Name>/V1}): what it fixes
 * in a certificate (basic constraints, key usage, extended key usage) and which passthrough sources it honours.
 *
 * <p>The table is built from the template families of AWS's template definitions (reference §4.2) crossed with
 * the four varieties (base, {@code _CSRPassthrough}, {@code _APIPassthrough}, {@code _APICSRPassthrough}) each
 * family exists in (§4.1), so a family's rules are written once.
 */
public final class CertificateTemplate {
    /** What the issued certificate is. */
    public enum Kind { END_ENTITY, SUBORDINATE_CA, ROOT_CA }

    public static final String ARN_PREFIX = "arn:aws:acm-pca:::template/";
    public static final String ARN_VERSION = "/V1";

    /** The four template varieties: the name suffix and which passthrough sources each honours. */
    private enum Variant {
        BASE("", false, false),
        CSR("_CSRPassthrough", false, true),
        API("_APIPassthrough", true, false),
        API_CSR("_APICSRPassthrough", true, true);

        final String suffix;
        final boolean api;
        final boolean csr;

        Variant(String suffix, boolean api, boolean csr) {
            this.suffix = suffix;
            this.api = api;
            this.csr = csr;
        }
    }

    /** One template family: its fixed certificate content and the varieties in which it exists. */
    private record Family(String stem, Kind kind, boolean basicConstraintsCritical, int pathLength,
            int keyUsageBits, List<KeyPurposeId> eku, boolean ekuCritical, Set<Variant> variants) {}

    private static final int NO_PATH_LENGTH = -1;
    private static final int NO_KEY_USAGE = 0;
    private static final int END_ENTITY_KU = KeyUsage.digitalSignature | KeyUsage.keyEncipherment;
    private static final int CA_KU = KeyUsage.digitalSignature | KeyUsage.keyCertSign | KeyUsage.cRLSign;
    private static final Set<Variant> ALL = EnumSet.allOf(Variant.class);
    private static final Set<Variant> PASSTHROUGH_ONLY = EnumSet.of(Variant.CSR, Variant.API, Variant.API_CSR);

    private static final Map<String, CertificateTemplate> BY_ARN = buildTable();
    private static final CertificateTemplate DEFAULT = BY_ARN.get(ARN_PREFIX + "EndEntityCertificate" + ARN_VERSION);

    private final String name;
    private final Family family;
    private final Variant variant;

    private CertificateTemplate(Family family, Variant variant) {
        this.name = family.stem() + variant.suffix;
        this.family = family;
        this.variant = variant;
    }

    private static Map<String, CertificateTemplate> buildTable() {
        List<Family> families = new ArrayList<>();
        families.add(endEntity("EndEntityCertificate", KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth));
        families.add(endEntity("EndEntityClientAuthCertificate", KeyPurposeId.id_kp_clientAuth));
        families.add(endEntity("EndEntityServerAuthCertificate", KeyPurposeId.id_kp_serverAuth));
        // Code and OCSP signing certificates fix a critical EKU: the key must not be used for anything else.
        families.add(new Family("CodeSigningCertificate", Kind.END_ENTITY, false, NO_PATH_LENGTH,
                KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_codeSigning), true, ALL));
        families.add(new Family("OCSPSigningCertificate", Kind.END_ENTITY, false, NO_PATH_LENGTH,
                KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_OCSPSigning), true, ALL));
        families.add(new Family("RootCACertificate", Kind.ROOT_CA, true, NO_PATH_LENGTH, CA_KU, List.of(), false,
                EnumSet.of(Variant.BASE, Variant.API)));
        for (int n = 0; n <= 3; n++) {
            families.add(new Family("SubordinateCACertificate_PathLen" + n, Kind.SUBORDINATE_CA, true, n, CA_KU,
                    List.of(), false, ALL));
        }
        families.add(new Family("BlankEndEntityCertificate", Kind.END_ENTITY, false, NO_PATH_LENGTH, NO_KEY_USAGE,
                List.of(), false, PASSTHROUGH_ONLY));
        families.add(new Family("BlankEndEntityCertificate_CriticalBasicConstraints", Kind.END_ENTITY, true,
                NO_PATH_LENGTH, NO_KEY_USAGE, List.of(), false, PASSTHROUGH_ONLY));
        for (int n = 0; n <= 3; n++) {
            families.add(new Family("BlankSubordinateCACertificate_PathLen" + n, Kind.SUBORDINATE_CA, true, n,
                    NO_KEY_USAGE, List.of(), false, PASSTHROUGH_ONLY));
        }
        families.add(new Family("BlankRootCACertificate", Kind.ROOT_CA, true, NO_PATH_LENGTH, NO_KEY_USAGE,
                List.of(), false, EnumSet.of(Variant.API)));
        for (int n = 0; n <= 3; n++) {
            families.add(new Family("BlankRootCACertificate_PathLen" + n, Kind.ROOT_CA, true, n, NO_KEY_USAGE,
                    List.of(), false, EnumSet.of(Variant.API)));
        }

        Map<String, CertificateTemplate> table = new LinkedHashMap<>();
        for (Family f : families) {
            for (Variant v : f.variants()) {
                CertificateTemplate t = new CertificateTemplate(f, v);
                if (table.put(t.arn(), t) != null) {
                    throw new IllegalStateException("duplicate template " + t.name);
                }
            }
        }
        return Collections.unmodifiableMap(table);
    }

    private static Family endEntity(String stem, KeyPurposeId... eku) {
        return new Family(stem, Kind.END_ENTITY, false, NO_PATH_LENGTH, END_ENTITY_KU, List.of(eku), false, ALL);
    }

    /** Looks a template up by its exact ARN, e.g. {@code arn:aws:acm-pca:::template/EndEntityCertificate/V1}. */
    public static Optional<CertificateTemplate> fromArn(String arn) {
        return arn == null ? Optional.empty() : Optional.ofNullable(BY_ARN.get(arn));
    }

    /** {@code EndEntityCertificate/V1}, which AWS uses when a request names no template. */
    public static CertificateTemplate defaultTemplate() {
        return DEFAULT;
    }

    /** All 61 templates, in a stable order (family by family). */
    public static List<CertificateTemplate> all() {
        return List.copyOf(BY_ARN.values());
    }

    /** The template name without version, e.g. {@code SubordinateCACertificate_PathLen0_APIPassthrough}. */
    public String name() {
        return name;
    }

    public String arn() {
        return ARN_PREFIX + name + ARN_VERSION;
    }

    public Kind kind() {
        return family.kind();
    }

    public boolean isCaTemplate() {
        return family.kind() != Kind.END_ENTITY;
    }

    /** Whether basic constraints are critical: always for CA templates, and for the CriticalBasicConstraints family. */
    public boolean basicConstraintsCritical() {
        return family.basicConstraintsCritical();
    }

    /** The pathLenConstraint the template fixes; empty for end-entity templates and for roots without one. */
    public OptionalInt pathLength() {
        return family.pathLength() == NO_PATH_LENGTH ? OptionalInt.empty() : OptionalInt.of(family.pathLength());
    }

    /** The key usage the template fixes (always critical); empty for Blank templates, which take it from passthrough. */
    public Optional<KeyUsage> keyUsage() {
        return family.keyUsageBits() == NO_KEY_USAGE ? Optional.empty() : Optional.of(new KeyUsage(family.keyUsageBits()));
    }

    /** The fixed key usage as BouncyCastle {@link KeyUsage} bits; 0 when the template fixes none. */
    int keyUsageBits() {
        return family.keyUsageBits();
    }

    /** The key purposes the template fixes; empty when the template fixes none. */
    public List<KeyPurposeId> extendedKeyUsage() {
        return family.eku();
    }

    /** Whether the fixed extended key usage is critical (code-signing and OCSP-signing templates). */
    public boolean extendedKeyUsageCritical() {
        return family.ekuCritical();
    }

    public boolean honoursApiPassthrough() {
        return variant.api;
    }

    public boolean honoursCsrPassthrough() {
        return variant.csr;
    }

    /**
     * Whether certificates get an authority key identifier: not for root templates, whose certificates are
     * self-signed (RFC 5280 §4.2.1.1 lets self-signed certificates omit it; AWS lists none).
     */
    public boolean includesAuthorityKeyIdentifier() {
        return family.kind() != Kind.ROOT_CA;
    }

    /**
     * Whether certificates get the CA's CRL distribution point and authority information access. Not for root
     * templates: AWS lists no CDP for them ("N/A"), and a trust anchor is never checked for revocation.
     */
    public boolean includesCaPointers() {
        return family.kind() != Kind.ROOT_CA;
    }

    @Override
    public String toString() {
        return name + ARN_VERSION;
    }
}
