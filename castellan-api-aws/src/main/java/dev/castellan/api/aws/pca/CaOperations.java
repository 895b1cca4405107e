package dev.castellan.api.aws.pca;

import static dev.castellan.api.aws.pca.PcaShapes.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.AwsOperation;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.Authority;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaPage;
import dev.castellan.authority.ca.CaView;
import dev.castellan.authority.ca.CreateCaRequest;
import dev.castellan.authority.ca.Tag;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.CaStatus;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.UsageMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CA lifecycle operations of ACM PCA (CreateCertificateAuthority ... ListTags), each a small function from
 * request shape to response shape. The AWS model's shape rules are checked here; business rules live in the
 * {@link Authority}.
 */
public final class CaOperations {
    static final Pattern ARN = Pattern.compile(
            "arn:[\\w+=/,.@-]+:acm-pca:[\\w+=/,.@-]*:[0-9]*:[\\w+=,.@-]+(/[\\w+=,.@-]+)*");
    static final Pattern IDEMPOTENCY_TOKEN = Pattern.compile("[\\t\\n\\r\\x20-\\xFF]+");
    private static final Pattern NEXT_TOKEN = Pattern.compile(".*", Pattern.DOTALL);

    private final Authority authority;

    public CaOperations(Authority authority) {
        this.authority = authority;
    }

    /** The operations by their {@code X-Amz-Target} suffix. */
    public Map<String, AwsOperation> operations() {
        Map<String, AwsOperation> ops = new LinkedHashMap<>();
        ops.put("CreateCertificateAuthority", this::create);
        ops.put("DescribeCertificateAuthority", this::describe);
        ops.put("ListCertificateAuthorities", this::list);
        ops.put("GetCertificateAuthorityCsr", this::getCsr);
        ops.put("ImportCertificateAuthorityCertificate", this::importCertificate);
        ops.put("GetCertificateAuthorityCertificate", this::getCertificate);
        ops.put("UpdateCertificateAuthority", this::update);
        ops.put("DeleteCertificateAuthority", this::delete);
        ops.put("RestoreCertificateAuthority", this::restore);
        ops.put("TagCertificateAuthority", this::tag);
        ops.put("UntagCertificateAuthority", this::untag);
        ops.put("ListTags", this::listTags);
        return ops;
    }

    static CaArn caArn(Input in) {
        String text = in.requiredString("CertificateAuthorityArn", 5, 200, null);
        if (!ARN.matcher(text).matches()) {
            throw new CastellanException(ErrorCode.INVALID_ARN, "The ARN '" + text + "' is not a valid ACM PCA ARN.");
        }
        return CaArn.parse(text);
    }

    private ObjectNode create(Principal p, Input in) {
        CreateCaRequest request = new CreateCaRequest(
                in.requiredEnum("CertificateAuthorityType", CaType.class),
                PcaShapes.configuration(in.requiredObject("CertificateAuthorityConfiguration")),
                in.object("RevocationConfiguration").map(PcaShapes::revocation).orElse(null),
                in.enumValue("UsageMode", UsageMode.class).orElse(null),
                keyStorageSecurityStandard(in),
                tagsOrEmpty(in.list("Tags", 0, 50, x -> x)),
                in.string("IdempotencyToken", 1, 36, IDEMPOTENCY_TOKEN).orElse(null));
        CaArn arn = authority.createCertificateAuthority(p, request);
        return JSON.objectNode().put("CertificateAuthorityArn", arn.toString());
    }

    private static String keyStorageSecurityStandard(Input in) {
        String value = in.string("KeyStorageSecurityStandard", 0, 64,
                Pattern.compile("FIPS_140_2_LEVEL_2_OR_HIGHER|FIPS_140_2_LEVEL_3_OR_HIGHER|CCPC_LEVEL_1_OR_HIGHER"))
                .orElse(null);
        return value;
    }

    private static List<Tag> tagsOrEmpty(List<Input> raw) {
        return raw == null ? List.of() : PcaShapes.tags(raw);
    }

    private ObjectNode describe(Principal p, Input in) {
        CaView view = authority.describeCertificateAuthority(p, caArn(in));
        ObjectNode out = JSON.objectNode();
        out.set("CertificateAuthority", PcaShapes.certificateAuthority(view, authority.account()));
        return out;
    }

    private ObjectNode list(Principal p, Input in) {
        int max = in.integer("MaxResults", 1, 1000).map(Long::intValue).orElse(100);
        String token = in.string("NextToken", 1, 43739, NEXT_TOKEN).orElse(null);
        String owner = in.string("ResourceOwner", 0, 64, Pattern.compile("SELF|OTHER_ACCOUNTS")).orElse("SELF");
        ObjectNode out = JSON.objectNode();
        ArrayNode cas = out.putArray("CertificateAuthorities");
        if (owner.equals("OTHER_ACCOUNTS")) {
            return out; // Castellan has one account; nothing is shared into it.
        }
        CaPage<CaView> page = authority.listCertificateAuthorities(p, max, token);
        page.items().forEach(v -> cas.add(PcaShapes.certificateAuthority(v, authority.account())));
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        return out;
    }

    private ObjectNode getCsr(Principal p, Input in) {
        return JSON.objectNode().put("Csr", authority.getCertificateAuthorityCsr(p, caArn(in)));
    }

    private ObjectNode importCertificate(Principal p, Input in) {
        CaArn arn = caArn(in);
        byte[] cert = in.requiredBlob("Certificate", 1, 32768);
        byte[] chain = in.blob("CertificateChain", 0, 2097152).orElse(null);
        authority.importCertificateAuthorityCertificate(p, arn, cert, chain);
        return JSON.objectNode();
    }

    private ObjectNode getCertificate(Principal p, Input in) {
        Authority.CaCertificate c = authority.getCertificateAuthorityCertificate(p, caArn(in));
        ObjectNode out = JSON.objectNode().put("Certificate", c.certificatePem());
        if (c.chainPem() != null) {
            out.put("CertificateChain", c.chainPem());
        }
        return out;
    }

    private ObjectNode update(Principal p, Input in) {
        CaArn arn = caArn(in);
        authority.updateCertificateAuthority(p, arn,
                in.object("RevocationConfiguration").map(PcaShapes::revocation).orElse(null),
                in.enumValue("Status", CaStatus.class).orElse(null));
        return JSON.objectNode();
    }

    private ObjectNode delete(Principal p, Input in) {
        CaArn arn = caArn(in);
        Integer days = in.integer("PermanentDeletionTimeInDays", 7, 30).map(Long::intValue).orElse(null);
        authority.deleteCertificateAuthority(p, arn, days);
        return JSON.objectNode();
    }

    private ObjectNode restore(Principal p, Input in) {
        authority.restoreCertificateAuthority(p, caArn(in));
        return JSON.objectNode();
    }

    private ObjectNode tag(Principal p, Input in) {
        CaArn arn = caArn(in);
        List<Input> raw = in.list("Tags", 1, 50, x -> x);
        if (raw == null) {
            throw CastellanException.validation("1 validation error detected: Value null at 'Tags' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        authority.tagCertificateAuthority(p, arn, PcaShapes.tags(raw));
        return JSON.objectNode();
    }

    private ObjectNode untag(Principal p, Input in) {
        CaArn arn = caArn(in);
        List<Input> raw = in.list("Tags", 1, 50, x -> x);
        if (raw == null) {
            throw CastellanException.validation("1 validation error detected: Value null at 'Tags' failed to "
                    + "satisfy constraint: Member must not be null");
        }
        List<Boolean> valueGiven = new ArrayList<>();
        raw.forEach(t -> valueGiven.add(t.has("Value")));
        authority.untagCertificateAuthority(p, arn, PcaShapes.tags(raw), valueGiven);
        return JSON.objectNode();
    }

    private ObjectNode listTags(Principal p, Input in) {
        CaArn arn = caArn(in);
        int max = in.integer("MaxResults", 1, 1000).map(Long::intValue).orElse(50);
        String token = in.string("NextToken", 1, 43739, NEXT_TOKEN).orElse(null);
        CaPage<Tag> page = authority.listTags(p, arn, max, token);
        ObjectNode out = JSON.objectNode();
        ArrayNode tags = out.putArray("Tags");
        for (Tag t : page.items()) {
            tags.addObject().put("Key", t.key()).put("Value", t.value());
        }
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        return out;
    }
}
