package dev.castellan.server.codesign;

import dev.castellan.core.cms.CmsSigningKey;
import dev.castellan.core.cms.ContentDigests;
import dev.castellan.core.cms.DetachedSignatureWriter;
import dev.castellan.core.cms.DigestAlgorithm;
import dev.castellan.core.cms.SignerAlgorithm;
import dev.castellan.server.client.KmsJsonClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code castellan codesign sign}: a detached CMS signature (DER) over a file, by a key of the key service
 * ({@code --key-id}, signed through the KMS API of the running server) or a PKCS#8 key file ({@code --key-file}),
 * optionally with a second signer — typically ECDSA or RSA beside ML-DSA — in the same object.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Write a detached CMS signature (DER) of a file, carrying the signer certificate and chain.")
final class SignCommand implements Callable<Integer> {
    static final class Key {
        @Option(names = "--key-id", paramLabel = "<id|alias>",
                description = "A key of the key service: key id, ARN, alias/name or alias ARN.")
        String keyId;

        @Option(names = "--key-file", paramLabel = "<key.pem>", description = "A PKCS#8 PEM private key file.")
        Path keyFile;
    }

    static final class SecondKey {
        @Option(names = "--second-key-id", paramLabel = "<id|alias>",
                description = "A second signer's key in the key service.")
        String keyId;

        @Option(names = "--second-key-file", paramLabel = "<key.pem>",
                description = "A second signer's PKCS#8 PEM private key file.")
        Path keyFile;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Option(names = "--cert", required = true, paramLabel = "<signer.pem>",
            description = "The signer's certificate (PEM or DER).")
    Path cert;

    @Option(names = "--chain", paramLabel = "<chain.pem>",
            description = "Intermediate CA certificates to carry (PEM); the root may be included.")
    Path chain;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SecondKey second;

    @Option(names = "--second-cert", paramLabel = "<signer.pem>", description = "The second signer's certificate.")
    Path secondCert;

    @Option(names = "--in", required = true, paramLabel = "<file>", description = "The file to sign.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "<file.p7s>",
            description = "Where to write the signature, e.g. file.p7s.")
    Path out;

    @Mixin
    ConnectionOptions connection;

    private KmsJsonClient kms;

    @Override
    public Integer call() {
        if ((second == null) != (secondCert == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--second-key-id or --second-key-file and --second-cert go together");
        }
        return Failures.report(System.err, () -> {
            // 1. Certificates, then the keys that must match them.
            X509Certificate signerCert = CertificateFiles.readOne(cert);
            List<X509Certificate> chainCerts = chain == null ? List.of() : CertificateFiles.read(chain);
            List<DetachedSignatureWriter.Signer> signers = new ArrayList<>();
            signers.add(new DetachedSignatureWriter.Signer(open(key.keyId, key.keyFile, signerCert), signerCert));
            if (second != null) {
                X509Certificate secondSigner = CertificateFiles.readOne(secondCert);
                CmsSigningKey secondKey = open(second.keyId, second.keyFile, secondSigner);
                signers.add(new DetachedSignatureWriter.Signer(secondKey, secondSigner));
            }
            Instant now = InstantSource.system().instant();
            signers.forEach(s -> warnIfUnfit(s.certificate(), now));
            // 2. One pass over the file for every digest the signers need.
            List<DigestAlgorithm> digests = signers.stream().map(s -> s.key().algorithm().digest()).toList();
            Map<DigestAlgorithm, byte[]> contentDigests = digest(in, digests);
            // 3. Sign (each signature is checked against its certificate), then write atomically.
            byte[] der = DetachedSignatureWriter.write(signers, chainCerts, contentDigests, now);
            Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
            Files.write(tmp, der);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            List<String> who = signers.stream().map(s -> s.key().algorithm().displayName() + " by "
                    + s.certificate().getSubjectX500Principal().getName()).toList();
            System.out.println("signed " + in + " -> " + out + " (" + der.length + " bytes): "
                    + String.join("; ", who));
            return 0;
        });
    }

    private CmsSigningKey open(String keyId, Path keyFile, X509Certificate certificate) {
        SignerAlgorithm algorithm = SignerAlgorithm.forKey(certificate.getPublicKey());
        if (keyFile != null) {
            return LocalSigningKey.load(keyFile, algorithm);
        }
        if (kms == null) {
            kms = connection.kms();
        }
        KmsSigningKey k = KmsSigningKey.open(kms, keyId, null);
        if (!Arrays.equals(k.publicKey().getEncoded(), certificate.getPublicKey().getEncoded())) {
            throw new CommandException("the key " + keyId + " does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName() + ": their public keys differ");
        }
        return k;
    }

    /** Signing proceeds, since the user may know better, but verifiers will refuse these; say so now. */
    private static void warnIfUnfit(X509Certificate c, Instant now) {
        String name = c.getSubjectX500Principal().getName();
        if (now.isAfter(c.getNotAfter().toInstant()) || now.isBefore(c.getNotBefore().toInstant())) {
            System.err.println("castellan: warning: the certificate " + name + " is not valid now (" + c.getNotBefore()
                    .toInstant() + " to " + c.getNotAfter().toInstant() + "); verifiers will refuse this signature");
        }
        try {
            List<String> eku = c.getExtendedKeyUsage();
            if (eku == null || !eku.contains(KeyPurposeId.id_kp_codeSigning.getId())) {
                System.err.println("castellan: warning: the certificate " + name + " is not for code signing (no"
                        + " codeSigning extended key usage); verifiers will refuse this signature");
            }
        } catch (CertificateParsingException e) {
            System.err.println("castellan: warning: the certificate " + name + " has a damaged extended key usage");
        }
    }

    static Map<DigestAlgorithm, byte[]> digest(Path file, List<DigestAlgorithm> algorithms) {
        ContentDigests digests = new ContentDigests(algorithms);
        byte[] buffer = new byte[1 << 16];
        try (InputStream s = Files.newInputStream(file)) {
            int n;
            while ((n = s.read(buffer)) > 0) {
                digests.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + CertificateFiles.describe(e));
        }
        return digests.finish();
    }
}
