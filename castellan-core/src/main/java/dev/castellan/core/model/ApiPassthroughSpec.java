package dev.castellan.core.model;

/**
 * The {@code ApiPassthrough} of an AWS IssueCertificate request: a subject and extensions the caller asks for
 * directly, honoured only by the {@code _APIPassthrough} and {@code _APICSRPassthrough} templates. Either part
 * may be null (not given).
 */
public record ApiPassthroughSpec(Subject subject, ExtensionsSpec extensions) {

    /** Whether a subject was given; an all-empty subject counts as not given. */
    public boolean hasSubject() {
        return subject != null && !subject.isEmpty();
    }
}
