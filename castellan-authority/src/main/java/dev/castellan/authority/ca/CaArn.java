package dev.castellan.authority.ca;

import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The ARN of a certificate authority: {@code arn:aws:acm-pca:<region>:<account>:certificate-authority/<uuid>}. */
public record CaArn(String partition, String region, String account, UUID id) {
    private static final Pattern FORM = Pattern.compile(
            "arn:([a-z-]+):acm-pca:([a-z0-9-]+):([0-9]{12}):certificate-authority/"
                    + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    public static CaArn parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw new CastellanException(ErrorCode.INVALID_ARN, "The ARN '" + text
                    + "' is not a certificate authority ARN of the form "
                    + "arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>.");
        }
        return new CaArn(m.group(1), m.group(2), m.group(3), UUID.fromString(m.group(4)));
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":acm-pca:" + region + ":" + account + ":certificate-authority/" + id;
    }
}
