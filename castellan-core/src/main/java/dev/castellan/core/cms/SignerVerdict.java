package dev.castellan.core.cms;

import java.time.Instant;
import java.util.List;

/**
 * The judgement on one SignerInfo.
 *
 * @param number      its position in the SignedData, from 1
 * @param algorithm   the signature algorithm as people name it, e.g. {@code ML-DSA-65}
 * @param signer      the subject of the signer certificate, or a description of the missing one
 * @param signingTime the signing-time attribute, or null if there is none
 * @param chain       the subjects from the signer to the trusted root when valid, else empty
 * @param problem     why it is refused, in one line; null if it is valid
 */
public record SignerVerdict(int number, String algorithm, String signer, Instant signingTime, List<String> chain,
        String problem) {
    public SignerVerdict {
        chain = List.copyOf(chain);
    }

    public boolean valid() {
        return problem == null;
    }

    /**
     * One line for people: {@code signature 2 (ML-DSA-65, CN=Code Signer): message digest does not match the file},
     * or for a valid one what was established.
     */
    public String line() {
        String head = "signature " + number + " (" + algorithm + ", " + signer + "): ";
        if (problem != null) {
            return head + problem;
        }
        return head + "valid" + (signingTime == null ? "" : ", signed " + signingTime) + ", chain "
                + String.join(" <- ", chain);
    }
}
