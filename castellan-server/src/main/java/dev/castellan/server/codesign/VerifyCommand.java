package dev.castellan.server.codesign;

import dev.castellan.core.cms.CmsSignature;
import dev.castellan.core.cms.CmsSignatureVerifier;
import dev.castellan.core.cms.ContentDigests;
import dev.castellan.core.cms.DigestAlgorithm;
import dev.castellan.core.cms.SignerVerdict;
import dev.castellan.core.cms.Verdict;
import dev.castellan.core.cms.VerificationPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code castellan codesign verify}: offline verification of a CMS signature over a file against trusted roots —
 * signature, message digest, signing time, validity, code-signing purpose and chain (JDK PKIX, ML-DSA included) —
 * one line per signer. Exit 0 when at least one signer is valid, or every one with {@code --require-all}; else 1.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a CMS signature of a file against trusted roots, offline; one line per signature.")
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--trust", required = true, paramLabel = "<root.pem>",
            description = "Trusted root certificate(s), PEM.")
    Path trust;

    @Option(names = "--in", paramLabel = "<file>",
            description = "The signed file (not needed if the signature carries its content).")
    Path in;

    @Option(names = "--sig", required = true, paramLabel = "<file.p7s>", description = "The signature, DER or PEM.")
    Path sig;

    @Option(names = "--certs", paramLabel = "<certs.pem>",
            description = "More certificates (PEM) to find the signer and the chain; not trusted.")
    Path certs;

    @Option(names = "--require-all", description = "Require every signature to be valid, not just one.")
    boolean requireAll;

    @Override
    public Integer call() {
        return Failures.report(System.err, () -> {
            CmsSignature signature;
            try {
                signature = CmsSignature.parse(Files.readAllBytes(sig));
            } catch (IOException e) {
                throw new CommandException("cannot read " + sig + ": " + CertificateFiles.describe(e));
            }
            List<X509Certificate> anchors = CertificateFiles.read(trust);
            List<X509Certificate> extra = certs == null ? List.of() : CertificateFiles.read(certs);
            List<DigestAlgorithm> algorithms = new ArrayList<>(signature.digestAlgorithms());
            Map<DigestAlgorithm, byte[]> digests;
            String contentName;
            if (in != null) {
                digests = SignCommand.digest(in, algorithms);
                contentName = "the file";
            } else {
                byte[] content = signature.encapsulatedContent().orElseThrow(() -> new CommandException(
                        "the signature is detached; give the signed file with --in"));
                digests = ContentDigests.of(content, algorithms);
                contentName = "the encapsulated content";
            }
            VerificationPolicy policy = new VerificationPolicy(anchors, extra, VerificationPolicy.Purpose.CODE_SIGNING,
                    InstantSource.system().instant(), VerificationPolicy.DEFAULT_CLOCK_SKEW);
            Verdict verdict = new CmsSignatureVerifier(policy).verify(signature, digests, contentName);
            verdict.signers().forEach(v -> System.out.println(v.line()));
            long valid = verdict.signers().stream().filter(SignerVerdict::valid).count();
            int total = verdict.signers().size();
            boolean ok = requireAll ? verdict.allValid() : verdict.anyValid();
            String summary = valid + " of " + total + " signature" + (total == 1 ? "" : "s") + " valid";
            if (ok) {
                System.out.println("verified: " + summary + (valid < total ? " (--require-all would refuse it)" : ""));
                return 0;
            }
            System.err.println("castellan: verification failed: " + summary + (requireAll ? " (--require-all)" : ""));
            return 1;
        });
    }
}
