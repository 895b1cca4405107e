package dev.castellan.authority.issuance;

import java.io.OutputStream;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

/**
 * Lets BouncyCastle build a to-be-signed structure for inspection without any key: its "signature" is empty.
 * A draft is only read, never stored or returned.
 */
final class DraftSigner implements ContentSigner {
    static final DraftSigner INSTANCE = new DraftSigner();

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public byte[] getSignature() {
        return new byte[0];
    }
}
