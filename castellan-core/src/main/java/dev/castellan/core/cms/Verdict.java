package dev.castellan.core.cms;

import java.util.List;

/** The judgement on every signer of one signature, in SignerInfo order. */
public record Verdict(List<SignerVerdict> signers) {
    public Verdict {
        signers = List.copyOf(signers);
    }

    /** At least one signer is valid: what a verifier that knows only one of two algorithms would accept. */
    public boolean anyValid() {
        return signers.stream().anyMatch(SignerVerdict::valid);
    }

    /** Every signer is valid, and there is at least one. */
    public boolean allValid() {
        return !signers.isEmpty() && signers.stream().allMatch(SignerVerdict::valid);
    }
}
