package dev.castellan.core.model;

/** The nine key-usage bits of RFC 5280 §4.2.1.3, as AWS's {@code KeyUsage} structure names them. */
public record KeyUsageSpec(
        boolean digitalSignature,
        boolean nonRepudiation,
        boolean keyEncipherment,
        boolean dataEncipherment,
        boolean keyAgreement,
        boolean keyCertSign,
        boolean crlSign,
        boolean encipherOnly,
        boolean decipherOnly) {

    public boolean isEmpty() {
        return !(digitalSignature || nonRepudiation || keyEncipherment || dataEncipherment || keyAgreement
                || keyCertSign || crlSign || encipherOnly || decipherOnly);
    }
}
