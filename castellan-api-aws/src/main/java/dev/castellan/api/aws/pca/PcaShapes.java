package dev.castellan.api.aws.pca;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.CaView;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.ca.Tag;
import dev.castellan.core.CastellanException;
import dev.castellan.core.model.AccessDescriptionSpec;
import dev.castellan.core.model.CsrExtensionsSpec;
import dev.castellan.core.model.GeneralNameSpec;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.KeyUsageSpec;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads and writes the ACM PCA structures of the AWS model (§3 of the API reference). */
final class PcaShapes {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Pattern OID = Pattern.compile("([0-2])\\.([0-9]|([0-3][0-9]))((\\.([0-9]+)){0,126})");
    static final Pattern DN_PRINTABLE = Pattern.compile("[a-zA-Z0-9'()+\\-.?:/= ]*");
    static final Pattern CNAME = Pattern.compile("[-a-zA-Z0-9;/?:@&=+$,%_.!~*()']*");
    static final Pattern BUCKET = Pattern.compile("[-a-zA-Z0-9._/]+");
    static final Pattern CUSTOM_PATH =
            Pattern.compile("[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+(/[-a-zA-Z0-9;?:@&=+$,%_.!~*()']+)*");

    private PcaShapes() {}

    static CaConfiguration configuration(Input in) {
        KeyAlgorithm key = in.requiredEnum("KeyAlgorithm", KeyAlgorithm.class);
        SigningAlgorithm signing = in.requiredEnum("SigningAlgorithm", SigningAlgorithm.class);
        Subject subject = subject(in.requiredObject("Subject"));
        CsrExtensionsSpec csrExtensions = in.object("CsrExtensions").map(PcaShapes::csrExtensions).orElse(null);
        return new CaConfiguration(key, signing, subject, csrExtensions);
    }

    static Subject subject(Input in) {
        List<Subject.CustomAttribute> custom = in.list("CustomAttributes", 1, 150, a -> new Subject.CustomAttribute(
                a.requiredString("ObjectIdentifier", 0, 64, OID), a.requiredString("Value", 1, 256, null)));
        return new Subject(
                in.string("Country", 2, 2, Pattern.compile("[A-Za-z]{2}")).orElse(null),
                in.string("Organization", 0, 64, null).orElse(null),
                in.string("OrganizationalUnit", 0, 64, null).orElse(null),
                in.string("DistinguishedNameQualifier", 0, 64, DN_PRINTABLE).orElse(null),
                in.string("State", 0, 128, null).orElse(null),
                in.string("CommonName", 0, 64, null).orElse(null),
                in.string("SerialNumber", 0, 64, DN_PRINTABLE).orElse(null),
                in.string("Locality", 0, 128, null).orElse(null),
                in.string("Title", 0, 64, null).orElse(null),
                in.string("Surname", 0, 40, null).orElse(null),
                in.string("GivenName", 0, 16, null).orElse(null),
                in.string("Initials", 0, 5, null).orElse(null),
                in.string("Pseudonym", 0, 128, null).orElse(null),
                in.string("GenerationQualifier", 0, 3, null).orElse(null),
                custom);
    }

    static CsrExtensionsSpec csrExtensions(Input in) {
        KeyUsageSpec ku = in.object("KeyUsage").map(PcaShapes::keyUsage).orElse(null);
        List<AccessDescriptionSpec> sia = in.list("SubjectInformationAccess", 0, 1000, PcaShapes::accessDescription);
        return new CsrExtensionsSpec(ku, sia);
    }

    static KeyUsageSpec keyUsage(Input in) {
        return new KeyUsageSpec(
                in.bool("DigitalSignature").orElse(false), in.bool("NonRepudiation").orElse(false),
                in.bool("KeyEncipherment").orElse(false), in.bool("DataEncipherment").orElse(false),
                in.bool("KeyAgreement").orElse(false), in.bool("KeyCertSign").orElse(false),
                in.bool("CRLSign").orElse(false), in.bool("EncipherOnly").orElse(false),
                in.bool("DecipherOnly").orElse(false));
    }

    static AccessDescriptionSpec accessDescription(Input in) {
        Input method = in.requiredObject("AccessMethod");
        String which = method.exactlyOne("CustomObjectIdentifier", "AccessMethodType");
        String type = which.equals("AccessMethodType")
                ? method.requiredString("AccessMethodType", 1, 64,
                        Pattern.compile("CA_REPOSITORY|RESOURCE_PKI_MANIFEST|RESOURCE_PKI_NOTIFY"))
                : null;
        String oid = which.equals("CustomObjectIdentifier")
                ? method.requiredString("CustomObjectIdentifier", 0, 64, OID) : null;
        return new AccessDescriptionSpec(type, oid, generalName(in.requiredObject("AccessLocation")));
    }

    static GeneralNameSpec generalName(Input in) {
        String which = in.exactlyOne("OtherName", "Rfc822Name", "DnsName", "DirectoryName", "EdiPartyName",
                "UniformResourceIdentifier", "IpAddress", "RegisteredId");
        return switch (which) {
            case "OtherName" -> {
                Input o = in.requiredObject("OtherName");
                yield new GeneralNameSpec.Other(o.requiredString("TypeId", 0, 64, OID), o.requiredString("Value", 0, 256, null));
            }
            case "Rfc822Name" -> new GeneralNameSpec.Rfc822(in.requiredString("Rfc822Name", 0, 256, null));
            case "DnsName" -> new GeneralNameSpec.Dns(in.requiredString("DnsName", 0, 253, null));
            case "DirectoryName" -> new GeneralNameSpec.Directory(subject(in.requiredObject("DirectoryName")));
            case "EdiPartyName" -> {
                Input e = in.requiredObject("EdiPartyName");
                yield new GeneralNameSpec.EdiParty(e.requiredString("PartyName", 0, 256, null),
                        e.string("NameAssigner", 0, 256, null).orElse(null));
            }
            case "UniformResourceIdentifier" ->
                    new GeneralNameSpec.Uri(in.requiredString("UniformResourceIdentifier", 0, 253, null));
            case "IpAddress" -> new GeneralNameSpec.IpAddress(in.requiredString("IpAddress", 0, 39, null));
            default -> new GeneralNameSpec.RegisteredId(in.requiredString("RegisteredId", 0, 64, OID));
        };
    }

    static RevocationConfiguration revocation(Input in) {
        RevocationConfiguration.Crl crl = in.object("CrlConfiguration").map(c -> new RevocationConfiguration.Crl(
                c.requiredBool("Enabled"),
                c.integer("ExpirationInDays", 1, 5000).map(Long::intValue).orElse(null),
                c.string("CustomCname", 0, 253, CNAME).orElse(null),
                c.string("S3BucketName", 3, 255, BUCKET).orElse(null),
                c.string("S3ObjectAcl", 0, 64, Pattern.compile("PUBLIC_READ|BUCKET_OWNER_FULL_CONTROL")).orElse(null),
                c.string("CrlType", 0, 64, Pattern.compile("COMPLETE|PARTITIONED")).orElse(null),
                c.string("CustomPath", 0, 253, CUSTOM_PATH).orElse(null),
                c.object("CrlDistributionPointExtensionConfiguration").map(d -> d.requiredBool("OmitExtension"))
                        .orElse(null))).orElse(null);
        RevocationConfiguration.Ocsp ocsp = in.object("OcspConfiguration").map(o -> new RevocationConfiguration.Ocsp(
                o.requiredBool("Enabled"), o.string("OcspCustomCname", 0, 253, CNAME).orElse(null))).orElse(null);
        return new RevocationConfiguration(crl, ocsp);
    }

    static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    static List<Tag> tags(List<Input> raw) {
        List<Tag> out = new ArrayList<>();
        for (Input t : raw) {
            String key = t.string("Key", 0, 1000, null).orElse(null);
            if (key == null) {
                throw new CastellanException(dev.castellan.core.ErrorCode.INVALID_TAG, "Every tag needs a Key.");
            }
            out.add(new Tag(key, t.string("Value", 0, 1000, null).orElse(null)));
        }
        return out;
    }

    // ---- output ----

    static ObjectNode certificateAuthority(CaView view, String account) {
        CertificateAuthority ca = view.ca();
        ObjectNode o = JSON.objectNode();
        o.put("Arn", view.arn().toString());
        o.put("OwnerAccount", account);
        o.put("CreatedAt", seconds(ca.createdAt()));
        o.put("LastStateChangeAt", seconds(ca.lastStateChangeAt()));
        o.put("Type", ca.type().name());
        if (ca.certificateSerialHex() != null) {
            o.put("Serial", ca.certificateSerialHex());
        }
        o.put("Status", view.status().name());
        if (ca.notBefore() != null) {
            o.put("NotBefore", seconds(ca.notBefore()));
            o.put("NotAfter", seconds(ca.notAfter()));
        }
        o.set("CertificateAuthorityConfiguration", configuration(ca.configuration()));
        o.set("RevocationConfiguration", revocation(ca.revocation()));
        if (ca.restorableUntil() != null && view.status().name().equals("DELETED")) {
            o.put("RestorableUntil", seconds(ca.restorableUntil()));
        }
        o.put("KeyStorageSecurityStandard", ca.keyStorageSecurityStandard());
        o.put("UsageMode", ca.usageMode().name());
        return o;
    }

    static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    static ObjectNode configuration(CaConfiguration c) {
        ObjectNode o = JSON.objectNode();
        o.put("KeyAlgorithm", c.keyAlgorithm().name());
        o.put("SigningAlgorithm", c.signingAlgorithm().name());
        o.set("Subject", subject(c.subject()));
        if (c.csrExtensions() != null) {
            ObjectNode ext = o.putObject("CsrExtensions");
            if (c.csrExtensions().keyUsage() != null) {
                ext.set("KeyUsage", keyUsage(c.csrExtensions().keyUsage()));
            }
            if (!c.csrExtensions().subjectInformationAccess().isEmpty()) {
                ArrayNode sia = ext.putArray("SubjectInformationAccess");
                for (AccessDescriptionSpec d : c.csrExtensions().subjectInformationAccess()) {
                    ObjectNode e = sia.addObject();
                    ObjectNode m = e.putObject("AccessMethod");
                    if (d.customObjectIdentifier() != null) {
                        m.put("CustomObjectIdentifier", d.customObjectIdentifier());
                    } else {
                        m.put("AccessMethodType", d.accessMethodType());
                    }
                    e.set("AccessLocation", generalName(d.location()));
                }
            }
        }
        return o;
    }

    static ObjectNode subject(Subject s) {
        ObjectNode o = JSON.objectNode();
        putIf(o, "Country", s.country());
        putIf(o, "Organization", s.organization());
        putIf(o, "OrganizationalUnit", s.organizationalUnit());
        putIf(o, "DistinguishedNameQualifier", s.distinguishedNameQualifier());
        putIf(o, "State", s.state());
        putIf(o, "CommonName", s.commonName());
        putIf(o, "SerialNumber", s.serialNumber());
        putIf(o, "Locality", s.locality());
        putIf(o, "Title", s.title());
        putIf(o, "Surname", s.surname());
        putIf(o, "GivenName", s.givenName());
        putIf(o, "Initials", s.initials());
        putIf(o, "Pseudonym", s.pseudonym());
        putIf(o, "GenerationQualifier", s.generationQualifier());
        if (!s.customAttributes().isEmpty()) {
            ArrayNode a = o.putArray("CustomAttributes");
            for (Subject.CustomAttribute c : s.customAttributes()) {
                a.addObject().put("ObjectIdentifier", c.objectIdentifier()).put("Value", c.value());
            }
        }
        return o;
    }

    static ObjectNode keyUsage(KeyUsageSpec k) {
        return JSON.objectNode().put("DigitalSignature", k.digitalSignature()).put("NonRepudiation", k.nonRepudiation())
                .put("KeyEncipherment", k.keyEncipherment()).put("DataEncipherment", k.dataEncipherment())
                .put("KeyAgreement", k.keyAgreement()).put("KeyCertSign", k.keyCertSign()).put("CRLSign", k.crlSign())
                .put("EncipherOnly", k.encipherOnly()).put("DecipherOnly", k.decipherOnly());
    }

    static ObjectNode generalName(GeneralNameSpec g) {
        ObjectNode o = JSON.objectNode();
        switch (g) {
            case GeneralNameSpec.Dns d -> o.put("DnsName", d.name());
            case GeneralNameSpec.Rfc822 r -> o.put("Rfc822Name", r.address());
            case GeneralNameSpec.Uri u -> o.put("UniformResourceIdentifier", u.uri());
            case GeneralNameSpec.IpAddress ip -> o.put("IpAddress", ip.address());
            case GeneralNameSpec.RegisteredId r -> o.put("RegisteredId", r.oid());
            case GeneralNameSpec.Directory d -> o.set("DirectoryName", subject(d.name()));
            case GeneralNameSpec.Other x -> o.putObject("OtherName").put("TypeId", x.typeId()).put("Value", x.value());
            case GeneralNameSpec.EdiParty e -> {
                ObjectNode n = o.putObject("EdiPartyName").put("PartyName", e.partyName());
                putIf(n, "NameAssigner", e.nameAssigner());
            }
        }
        return o;
    }

    static ObjectNode revocation(RevocationConfiguration r) {
        ObjectNode o = JSON.objectNode();
        RevocationConfiguration.Crl c = r.crl();
        ObjectNode crl = o.putObject("CrlConfiguration").put("Enabled", c.enabled());
        if (c.expirationInDays() != null) {
            crl.put("ExpirationInDays", c.expirationInDays());
        }
        putIf(crl, "CustomCname", c.customCname());
        putIf(crl, "S3BucketName", c.s3BucketName());
        putIf(crl, "S3ObjectAcl", c.s3ObjectAcl());
        if (c.omitExtension() != null) {
            crl.putObject("CrlDistributionPointExtensionConfiguration").put("OmitExtension", c.omitExtension());
        }
        putIf(crl, "CrlType", c.crlType());
        putIf(crl, "CustomPath", c.customPath());
        ObjectNode ocsp = o.putObject("OcspConfiguration").put("Enabled", r.ocsp().enabled());
        putIf(ocsp, "OcspCustomCname", r.ocsp().ocspCustomCname());
        return o;
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }
}
