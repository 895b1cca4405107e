package dev.castellan.keys.software;

import dev.castellan.core.keys.SignatureScheme;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.function.Supplier;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * Makes the signatures of a {@link SignatureScheme} with a private key held in this process: through the JDK
 * wherever it has the mode (it is the faster signer, see ARCHITECTURE.md), and through BouncyCastle's low-level
 * signers for the two inputs the JDK cannot take, RSASSA-PSS over a digest and ML-DSA over an external μ.
 */
final class SchemeSigner {
    private SchemeSigner() {}

    /**
     * Signs {@code data}, which must already have the scheme's input form and length.
     *
     * @param mlDsa the key in BouncyCastle's form, asked for only when signing over μ
     */
    static byte[] sign(SignatureScheme scheme, PrivateKey key, Supplier<MLDSAPrivateKeyParameters> mlDsa, byte[] data,
            SecureRandom random) throws GeneralSecurityException, CryptoException {
        scheme.requiredInputLength().ifPresent(n -> {
            if (data.length != n) {
                throw new IllegalArgumentException(scheme.name() + " signs " + n + " bytes, not " + data.length);
            }
        });
        if (scheme.jcaCapable()) {
            Signature s = scheme.newJcaSignature();
            s.initSign(key, random);
            s.update(scheme.jcaInput(data));
            return s.sign();
        }
        if (scheme.input() == SignatureScheme.Input.EXTERNAL_MU) {
            // Hedged signing (fresh randomness per signature), as the JDK's ML-DSA signs RAW messages.
            MLDSASigner s = new MLDSASigner();
            s.init(true, new ParametersWithRandom(mlDsa.get(), random));
            return s.generateMuSignature(data);
        }
        PSSSigner s = scheme.newPrehashPssSigner();
        s.init(true, new ParametersWithRandom(rsa(key), random));
        s.update(data, 0, data.length);
        return s.generateSignature();
    }

    /** The RSA key as BouncyCastle parameters, with CRT values when present since they make signing faster. */
    private static RSAKeyParameters rsa(PrivateKey key) {
        if (key instanceof RSAPrivateCrtKey k) {
            return new RSAPrivateCrtKeyParameters(k.getModulus(), k.getPublicExponent(), k.getPrivateExponent(),
                    k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient());
        }
        if (key instanceof RSAPrivateKey k) {
            return new RSAKeyParameters(true, k.getModulus(), k.getPrivateExponent());
        }
        throw new IllegalArgumentException("RSASSA-PSS needs an RSA key, not " + key.getAlgorithm());
    }
}
