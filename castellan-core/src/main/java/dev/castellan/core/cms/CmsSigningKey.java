package dev.castellan.core.cms;

/**
 * A private key that makes the signature of one CMS signer, wherever it is held: a key in Castellan's key service
 * reached over the KMS API, or a key file on the signer's machine. The CMS writer never sees the private key.
 */
public interface CmsSigningKey {
    /** How this key signs; its family must match the key. */
    SignerAlgorithm algorithm();

    /**
     * Signs {@code signedAttributes}, the DER encoding of the SET OF signed attributes (RFC 5652 §5.4), with
     * {@link #algorithm()} applied to those bytes as the message: for RSA and ECDSA the algorithm's hash of them, for
     * ML-DSA pure ML-DSA with an empty context over them (RFC 9882 §3.2).
     *
     * @return the signature value: PKCS#1 for RSA, DER {@code Ecdsa-Sig-Value} for ECDSA, raw for ML-DSA
     */
    byte[] sign(byte[] signedAttributes);
}
