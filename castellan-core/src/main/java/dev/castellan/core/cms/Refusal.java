package dev.castellan.core.cms;

/**
 * Why a signer is refused, in one line; thrown inside the verifier to leave its linear flow at the first failure
 * and never seen outside this package (the caller gets a {@link SignerVerdict}). No stack trace: it is a verdict,
 * not a fault.
 */
final class Refusal extends RuntimeException {
    Refusal(String reason) {
        super(reason, null, false, false);
    }
}
