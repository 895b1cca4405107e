package dev.castellan.api.aws.pca;

import static dev.castellan.api.aws.pca.PcaShapes.JSON;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.castellan.api.aws.AwsOperation;
import dev.castellan.api.aws.json.Input;
import dev.castellan.authority.Authority;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.issuance.CertificateArn;
import dev.castellan.authority.issuance.CertificateIssuer;
import dev.castellan.authority.issuance.IssueRequest;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.CustomExtensionSpec;
import dev.castellan.core.model.ExtendedKeyUsageSpec;
import dev.castellan.core.model.ExtensionsSpec;
import dev.castellan.core.model.PolicyInformationSpec;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.ValiditySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/** IssueCertificate and GetCertificate: the certificate operations of ACM PCA. */
public final class CertificateOperations {
    private static final Pattern VALIDITY_TYPE = Pattern.compile("END_DATE|ABSOLUTE|DAYS|MONTHS|YEARS");
    private static final Pattern EKU_TYPE = Pattern.compile("SERVER_AUTH|CLIENT_AUTH|CODE_SIGNING|EMAIL_PROTECTION|"
            + "TIME_STAMPING|OCSP_SIGNING|SMART_CARD_LOGIN|DOCUMENT_SIGNING|CERTIFICATE_TRANSPARENCY");
    private static final Pattern BASE64 =
            Pattern.compile("(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?");

    private final Authority authority;

    public CertificateOperations(Authority authority) {
        this.authority = authority;
    }

    public Map<String, AwsOperation> operations() {
        return Map.of("IssueCertificate", AwsOperation.later(this::issue), "GetCertificate", this::get);
    }

    /** Answered once the certificate is durable, without holding a thread for the commit. */
    private CompletableFuture<ObjectNode> issue(Principal p, Input in) {
        CaArn ca = CaOperations.caArn(in);
        byte[] csr = in.requiredBlob("Csr", 1, 32768);
        SigningAlgorithm signing = in.requiredEnum("SigningAlgorithm", SigningAlgorithm.class);
        String template = in.string("TemplateArn", 5, 200, CaOperations.ARN).orElse(null);
        ValiditySpec validity = validity(in.requiredObject("Validity"));
        ValiditySpec notBefore = in.object("ValidityNotBefore").map(CertificateOperations::validity).orElse(null);
        ApiPassthroughSpec api = in.object("ApiPassthrough").map(CertificateOperations::apiPassthrough).orElse(null);
        String token = in.string("IdempotencyToken", 1, 36, CaOperations.IDEMPOTENCY_TOKEN).orElse(null);
        return authority.issueCertificateLater(p, new IssueRequest(ca, csr, signing, template, validity, notBefore, api,
                token)).thenApply(arn -> JSON.objectNode().put("CertificateArn", arn.toString()));
    }

    private ObjectNode get(Principal p, Input in) {
        CaArn ca = CaOperations.caArn(in);
        String certArnText = in.requiredString("CertificateArn", 5, 200, null);
        if (!CaOperations.ARN.matcher(certArnText).matches()) {
            throw new CastellanException(ErrorCode.INVALID_ARN, "The ARN '" + certArnText + "' is not a valid ACM PCA ARN.");
        }
        CertificateIssuer.Retrieved r = authority.getCertificate(p, ca, CertificateArn.parse(certArnText));
        ObjectNode out = JSON.objectNode().put("Certificate", r.certificatePem());
        if (r.chainPem() != null) {
            out.put("CertificateChain", r.chainPem());
        }
        return out;
    }

    static ValiditySpec validity(Input in) {
        long value = in.integer("Value", 1, Long.MAX_VALUE).orElseThrow(() -> CastellanException.validation(
                "1 validation error detected: Value null at 'Validity.Value' failed to satisfy constraint: Member must not be null"));
        String type = in.requiredString("Type", 1, 16, VALIDITY_TYPE);
        return new ValiditySpec(value, type);
    }

    static ApiPassthroughSpec apiPassthrough(Input in) {
        return new ApiPassthroughSpec(in.object("Subject").map(PcaShapes::subject).orElse(null),
                in.object("Extensions").map(CertificateOperations::extensions).orElse(null));
    }

    static ExtensionsSpec extensions(Input in) {
        List<PolicyInformationSpec> policies = in.list("CertificatePolicies", 1, 20, p -> new PolicyInformationSpec(
                p.requiredString("CertPolicyId", 0, 64, PcaShapes.OID),
                orEmpty(p.list("PolicyQualifiers", 1, 20, q -> {
                    q.requiredString("PolicyQualifierId", 1, 16, Pattern.compile("CPS"));
                    return q.requiredObject("Qualifier").requiredString("CpsUri", 0, 256, null);
                }))));
        List<ExtendedKeyUsageSpec> eku = in.list("ExtendedKeyUsage", 1, 20, e -> {
            String which = e.exactlyOne("ExtendedKeyUsageType", "ExtendedKeyUsageObjectIdentifier");
            return which.equals("ExtendedKeyUsageType")
                    ? new ExtendedKeyUsageSpec(e.requiredString("ExtendedKeyUsageType", 1, 64, EKU_TYPE), null)
                    : new ExtendedKeyUsageSpec(null, e.requiredString("ExtendedKeyUsageObjectIdentifier", 0, 64, PcaShapes.OID));
        });
        List<CustomExtensionSpec> custom = in.list("CustomExtensions", 1, 150, c -> new CustomExtensionSpec(
                c.requiredString("ObjectIdentifier", 0, 64, PcaShapes.OID),
                Base64.getDecoder().decode(c.requiredString("Value", 1, 4096, BASE64)),
                c.bool("Critical").orElse(false)));
        return new ExtensionsSpec(
                in.object("KeyUsage").map(PcaShapes::keyUsage).orElse(null),
                eku,
                in.list("SubjectAlternativeNames", 1, 150, PcaShapes::generalName),
                policies,
                custom);
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
