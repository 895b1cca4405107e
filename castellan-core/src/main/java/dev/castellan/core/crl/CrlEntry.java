package dev.castellan.core.crl;

import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import java.time.Instant;
import java.util.Objects;

/**
 * One revoked certificate as a CRL lists it: serial, revocation date (whole seconds, as DER time has no
 * fraction) and reason. Its DER size is fixed by these three values, see {@link #encodedLength()}.
 */
public record CrlEntry(Serial serial, Instant revocationDate, RevocationReason reason) {
    public CrlEntry {
        Objects.requireNonNull(serial);
        Objects.requireNonNull(reason);
        revocationDate = Der.wholeSeconds(Objects.requireNonNull(revocationDate));
    }

    /** The exact length of this entry's DER {@code SEQUENCE}, header included. */
    public int encodedLength() {
        return Der.tlvLength(contentLength());
    }

    int contentLength() {
        return Der.tlvLength(Der.integerContentLength(serial.value()))
                + Der.timeLength(revocationDate)
                + (reason.hasReasonCode() ? REASON_EXTENSIONS_LENGTH : 0);
    }

    /**
     * {@code SEQUENCE { SEQUENCE { OID 2.5.29.21, OCTET STRING { ENUMERATED code } } }}: 2 + 2 + 5 + 2 + 3 bytes
     * (every code fits one content octet).
     */
    static final int REASON_EXTENSIONS_LENGTH = 14;

    /** Encodes the entry into {@code out} at {@code offset}; returns the offset after it. */
    int writeTo(byte[] out, int offset) {
        int at = Der.header(out, offset, Der.SEQUENCE, contentLength());
        at = Der.integer(out, at, serial.value());
        at = Der.time(out, at, revocationDate);
        if (reason.hasReasonCode()) {
            // Extensions ::= SEQUENCE { Extension ::= SEQUENCE { extnID, extnValue OCTET STRING { ENUMERATED } } }
            out[at++] = 0x30; out[at++] = 12;
            out[at++] = 0x30; out[at++] = 10;
            out[at++] = 0x06; out[at++] = 3; out[at++] = 0x55; out[at++] = 0x1D; out[at++] = 0x15;
            out[at++] = 0x04; out[at++] = 3;
            out[at++] = 0x0A; out[at++] = 1; out[at++] = (byte) reason.code();
        }
        return at;
    }
}
