package dev.castellan.authority.ca;

import dev.castellan.core.model.CsrExtensionsSpec;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import java.util.Objects;

/** What a CA was created with: its key algorithm, signing algorithm, subject and CSR extensions. */
public record CaConfiguration(
        KeyAlgorithm keyAlgorithm, SigningAlgorithm signingAlgorithm, Subject subject, CsrExtensionsSpec csrExtensions) {
    public CaConfiguration {
        Objects.requireNonNull(keyAlgorithm);
        Objects.requireNonNull(signingAlgorithm);
        Objects.requireNonNull(subject);
    }
}
