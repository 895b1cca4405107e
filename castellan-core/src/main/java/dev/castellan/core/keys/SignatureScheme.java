package dev.castellan.core.keys;

import dev.castellan.core.model.KeyFamily;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.signers.PSSSigner;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * A signature algorithm together with the form of its input, as named by the algorithm string that
 * {@link KeyProvider#sign} takes. The names are the JCA ones where the JCA has one, and Castellan's own where the
 * caller has already done the first step of the algorithm:
 *
 * <ul>
 *   <li>{@code SHA256withRSA}, {@code SHA384withRSA}, {@code SHA512withRSA}: RSASSA-PKCS1-v1_5 (RFC 8017 §8.2).</li>
 *   <li>{@code SHA256withRSA/PSS}, ...: RSASSA-PSS (RFC 8017 §8.1), MGF1 with the same hash, salt length equal to
 *       the hash length, trailer field 0xBC.</li>
 *   <li>{@code SHA256withECDSA}, ...: ECDSA; the signature is DER {@code SEQUENCE {r, s}}.</li>
 *   <li>{@code ML-DSA}: pure ML-DSA with an empty context (FIPS 204 Algorithm 2); the parameter set is the key's.</li>
 *   <li>any RSA or ECDSA name + {@code /DIGEST} (e.g. {@code SHA256withRSA/PSS/DIGEST}): the data is the hash of
 *       the message, exactly as long as the hash; the result is the signature the name without the suffix makes
 *       over the message.</li>
 *   <li>{@code ML-DSA/EXTERNAL-MU}: the data is the 64-byte message representative
 *       μ = SHAKE256(SHAKE256(pk, 64) ‖ 0x00 ‖ 0x00 ‖ M, 64) of FIPS 204 §6.2 (pure mode, empty context); the result
 *       is the signature {@code ML-DSA} makes over M.</li>
 * </ul>
 *
 * <p>Verification needs only the public key, so it lives here, next to the names; signing belongs to the
 * provider that holds the private key.
 */
public record SignatureScheme(Kind kind, Hash hash, Input input) {
    /** The length of an ML-DSA external μ (FIPS 204 §6.2). */
    public static final int MU_BYTES = 64;

    /** The signature primitive and its padding. */
    public enum Kind {
        RSA_PKCS1(KeyFamily.RSA), RSA_PSS(KeyFamily.RSA), ECDSA(KeyFamily.EC), ML_DSA(KeyFamily.ML_DSA);

        private final KeyFamily family;

        Kind(KeyFamily family) {
            this.family = family;
        }

        public KeyFamily family() {
            return family;
        }
    }

    /** The hash of an RSA or ECDSA scheme. */
    public enum Hash {
        SHA_256("SHA-256", "SHA256", 32, NISTObjectIdentifiers.id_sha256),
        SHA_384("SHA-384", "SHA384", 48, NISTObjectIdentifiers.id_sha384),
        SHA_512("SHA-512", "SHA512", 64, NISTObjectIdentifiers.id_sha512);

        private final String jcaName;
        private final String shortName;
        private final int length;
        private final ASN1ObjectIdentifier oid;

        Hash(String jcaName, String shortName, int length, ASN1ObjectIdentifier oid) {
            this.jcaName = jcaName;
            this.shortName = shortName;
            this.length = length;
            this.oid = oid;
        }

        /** The JCA {@code MessageDigest} name. */
        public String jcaName() {
            return jcaName;
        }

        /** The digest length in bytes. */
        public int length() {
            return length;
        }

        /** A fresh BouncyCastle digest of this kind, for the constructions the JCA cannot express. */
        public Digest newDigest() {
            return switch (this) {
                case SHA_256 -> new SHA256Digest();
                case SHA_384 -> new SHA384Digest();
                case SHA_512 -> new SHA512Digest();
            };
        }
    }

    /** What the data handed to the signer is. */
    public enum Input {
        /** The message itself; the scheme hashes it. */
        MESSAGE,
        /** The hash of the message, computed by the caller. */
        DIGEST,
        /** The ML-DSA message representative μ, computed by the caller. */
        EXTERNAL_MU
    }

    public SignatureScheme {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(input);
        if (kind == Kind.ML_DSA && (hash != null || input == Input.DIGEST)) {
            throw new IllegalArgumentException("ML-DSA has its own hash and takes a message or an external mu");
        }
        if (kind != Kind.ML_DSA && (hash == null || input == Input.EXTERNAL_MU)) {
            throw new IllegalArgumentException(kind + " needs a hash and takes a message or its digest");
        }
    }

    /** The algorithm string of {@link KeyProvider#sign}. */
    public String name() {
        String base = switch (kind) {
            case RSA_PKCS1 -> hash.shortName + "withRSA";
            case RSA_PSS -> hash.shortName + "withRSA/PSS";
            case ECDSA -> hash.shortName + "withECDSA";
            case ML_DSA -> "ML-DSA";
        };
        return switch (input) {
            case MESSAGE -> base;
            case DIGEST -> base + "/DIGEST";
            case EXTERNAL_MU -> base + "/EXTERNAL-MU";
        };
    }

    /** The scheme an algorithm string names, or empty if it is not one of the names above. */
    public static Optional<SignatureScheme> parse(String name) {
        for (Kind kind : Kind.values()) {
            for (Input input : Input.values()) {
                if (kind == Kind.ML_DSA) {
                    if (input != Input.DIGEST && new SignatureScheme(kind, null, input).name().equals(name)) {
                        return Optional.of(new SignatureScheme(kind, null, input));
                    }
                    continue;
                }
                for (Hash hash : Hash.values()) {
                    if (input != Input.EXTERNAL_MU && new SignatureScheme(kind, hash, input).name().equals(name)) {
                        return Optional.of(new SignatureScheme(kind, hash, input));
                    }
                }
            }
        }
        return Optional.empty();
    }

    public KeyFamily family() {
        return kind.family();
    }

    /** The exact length the data must have: the hash length, 64 for μ, or empty for a message of any length. */
    public Optional<Integer> requiredInputLength() {
        return switch (input) {
            case MESSAGE -> Optional.empty();
            case DIGEST -> Optional.of(hash.length());
            case EXTERNAL_MU -> Optional.of(MU_BYTES);
        };
    }

    /**
     * Whether a JCA {@link Signature} can make and check this scheme: all but RSASSA-PSS over a digest and ML-DSA
     * over μ, for which the JDK has no mode.
     */
    public boolean jcaCapable() {
        return !(kind == Kind.RSA_PSS && input == Input.DIGEST) && input != Input.EXTERNAL_MU;
    }

    /** A JCA signature object for this scheme, parameters set, not yet initialised; feed it {@link #jcaInput}. */
    public Signature newJcaSignature() throws GeneralSecurityException {
        if (!jcaCapable()) {
            throw new IllegalStateException(name() + " has no JCA form");
        }
        if (kind == Kind.RSA_PSS) {
            Signature s = Signature.getInstance("RSASSA-PSS");
            s.setParameter(pssParameters());
            return s;
        }
        if (input == Input.DIGEST) {
            return Signature.getInstance(kind == Kind.ECDSA ? "NONEwithECDSA" : "NONEwithRSA");
        }
        return Signature.getInstance(name());
    }

    /** The bytes to feed the JCA signature: the data, or for PKCS#1 over a digest its DER DigestInfo. */
    public byte[] jcaInput(byte[] data) {
        if (kind == Kind.RSA_PKCS1 && input == Input.DIGEST) {
            try {
                return new DigestInfo(new AlgorithmIdentifier(hash.oid, DERNull.INSTANCE), data).getEncoded("DER");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return data;
    }

    /** The RSASSA-PSS parameters of an {@link Kind#RSA_PSS} scheme (RFC 8017 §9.1, salt length = hash length). */
    public PSSParameterSpec pssParameters() {
        return new PSSParameterSpec(hash.jcaName(), "MGF1", new MGF1ParameterSpec(hash.jcaName()), hash.length(),
                PSSParameterSpec.TRAILER_FIELD_BC);
    }

    /** A BouncyCastle RSASSA-PSS signer that takes the message digest instead of the message. */
    public PSSSigner newPrehashPssSigner() {
        if (kind != Kind.RSA_PSS) {
            throw new IllegalStateException(name() + " is not RSASSA-PSS");
        }
        return PSSSigner.createRawSigner(new RSABlindedEngine(), hash.newDigest(), hash.newDigest(), hash.length(),
                PSSSigner.TRAILER_IMPLICIT);
    }

    /**
     * Checks a signature over {@code data} (in this scheme's input form) with a public key.
     *
     * @return false if the signature is wrong or malformed
     * @throws IllegalArgumentException if the key does not fit the scheme or the data has the wrong length
     */
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        requiredInputLength().ifPresent(n -> {
            if (data.length != n) {
                throw new IllegalArgumentException(name() + " takes " + n + " bytes, not " + data.length);
            }
        });
        try {
            if (jcaCapable()) {
                Signature s = newJcaSignature();
                s.initVerify(key);
                s.update(jcaInput(data));
                return s.verify(signature);
            }
            if (input == Input.EXTERNAL_MU) {
                MLDSASigner s = new MLDSASigner();
                s.init(false, PublicKeyFactory.createKey(key.getEncoded()));
                return s.verifyMuSignature(data, signature);
            }
            if (!(key instanceof RSAPublicKey rsa)) {
                throw new IllegalArgumentException(name() + " needs an RSA key, not " + key.getAlgorithm());
            }
            PSSSigner s = newPrehashPssSigner();
            s.init(false, new RSAKeyParameters(false, rsa.getModulus(), rsa.getPublicExponent()));
            s.update(data, 0, data.length);
            return s.verifySignature(signature);
        } catch (SignatureException e) {
            return false;  // the JDK's way of saying the signature does not even parse
        } catch (InvalidKeyException | ClassCastException e) {
            throw new IllegalArgumentException("A " + key.getAlgorithm() + " key cannot check " + name(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot check " + name(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("The public key does not decode", e);
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
