package dev.castellan.server.codesign;

import dev.castellan.core.cms.CmsSigningKey;
import dev.castellan.core.cms.SignerAlgorithm;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A private key in a PKCS#8 PEM file on the signer's machine ({@code -----BEGIN PRIVATE KEY-----}). RSA and EC keys
 * sign through the JDK; ML-DSA keys through BouncyCastle's ML-DSA signer, because the JDK 25 key factory reads only
 * the expanded form of RFC 9881 §6 while OpenSSL and Python {@code cryptography} write the seed form by default.
 */
final class LocalSigningKey implements CmsSigningKey {
    private final SignerAlgorithm algorithm;
    private final PrivateKey jdkKey;
    private final MLDSAPrivateKeyParameters mlDsaKey;
    private final SecureRandom random = new SecureRandom();

    private LocalSigningKey(SignerAlgorithm algorithm, PrivateKey jdkKey, MLDSAPrivateKeyParameters mlDsaKey) {
        this.algorithm = algorithm;
        this.jdkKey = jdkKey;
        this.mlDsaKey = mlDsaKey;
    }

    /**
     * Reads the key that must sign as {@code algorithm} (chosen from its certificate); whether it really is that
     * certificate's key is proven by the signature check of the CMS writer.
     */
    static LocalSigningKey load(Path file, SignerAlgorithm algorithm) {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8(file));
        try {
            if (algorithm.family() == SignerAlgorithm.Family.ML_DSA) {
                if (!(PrivateKeyFactory.createKey(info) instanceof MLDSAPrivateKeyParameters k)) {
                    throw new CommandException(file + " does not hold an ML-DSA key, but its certificate is for "
                            + algorithm.displayName());
                }
                return new LocalSigningKey(algorithm, null, k);
            }
            String family = algorithm.family() == SignerAlgorithm.Family.RSA ? "RSA" : "EC";
            PrivateKey key = KeyFactory.getInstance(family).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
            return new LocalSigningKey(algorithm, key, null);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new CommandException(file + " does not hold a usable " + algorithm.displayName() + " private key: "
                    + e.getMessage());
        }
    }

    private static byte[] pkcs8(Path file) {
        PemObject pem;
        try (PemReader r = new PemReader(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            pem = r.readPemObject();
        } catch (IOException e) {
            throw new CommandException("cannot read the key file " + file + ": " + e.getMessage());
        }
        if (pem == null) {
            throw new CommandException(file + " holds no PEM block; expected -----BEGIN PRIVATE KEY----- (PKCS#8)");
        }
        return switch (pem.getType()) {
            case "PRIVATE KEY" -> pem.getContent();
            case "ENCRYPTED PRIVATE KEY" -> throw new CommandException(file + " is encrypted; decrypt it first:"
                    + " openssl pkcs8 -in " + file + " -out key.pem");
            default -> throw new CommandException(file + " holds a " + pem.getType() + " block; convert it to PKCS#8:"
                    + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        };
    }

    @Override
    public SignerAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            if (mlDsaKey != null) {
                MLDSASigner s = new MLDSASigner();
                s.init(true, new ParametersWithRandom(mlDsaKey, random)); // pure ML-DSA, empty context, hedged
                s.update(data, 0, data.length);
                return s.generateSignature();
            }
            Signature s = Signature.getInstance(algorithm.jcaName());
            s.initSign(jdkKey, random);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | CryptoException | IllegalArgumentException e) {
            throw new CommandException("the key cannot make " + algorithm.displayName() + " signatures: "
                    + e.getMessage());
        }
    }
}
