package dev.castellan.authority.issuance;

import dev.castellan.authority.ca.CaArn;
import dev.castellan.core.model.ApiPassthroughSpec;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.ValiditySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/** The IssueCertificate use case's input, shape-validated by the edge. */
public record IssueRequest(
        CaArn caArn,
        byte[] csr,
        SigningAlgorithm signingAlgorithm,
        String templateArn,
        ValiditySpec validity,
        ValiditySpec validityNotBefore,
        ApiPassthroughSpec apiPassthrough,
        String idempotencyToken) {

    public IssueRequest {
        Objects.requireNonNull(caArn);
        Objects.requireNonNull(csr);
        Objects.requireNonNull(signingAlgorithm);
        Objects.requireNonNull(validity);
    }

    /** A stable description of every argument, hashed to recognise a replay with the same IdempotencyToken. */
    String fingerprint() {
        // The whole CSR, not a hash code of it: Arrays.hashCode collides on purpose-made inputs, and two CSRs that
        // collided would each be answered with the other's certificate.
        return caArn + "|" + Base64.getEncoder().encodeToString(csr) + "|" + signingAlgorithm + "|" + templateArn + "|"
                + validity + "|" + validityNotBefore + "|" + describe(apiPassthrough);
    }

    private static String describe(ApiPassthroughSpec api) {
        if (api == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(String.valueOf(api.subject()));
        if (api.extensions() != null) {
            b.append(api.extensions().keyUsage()).append(api.extensions().extendedKeyUsage())
                    .append(api.extensions().subjectAlternativeNames()).append(api.extensions().certificatePolicies());
            if (api.extensions().customExtensions() != null) {
                api.extensions().customExtensions().forEach(c -> b.append(c.objectIdentifier()).append(c.critical())
                        .append(Arrays.toString(c.derValue())));
            }
        }
        return b.toString();
    }
}
