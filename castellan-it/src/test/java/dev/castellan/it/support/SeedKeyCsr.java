package dev.castellan.it.support;

import dev.castellan.core.x509.Pem;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A CSR for an ML-DSA-65 key file in any RFC 9881 form (the seed-only form Python {@code cryptography} writes
 * included, which the JDK cannot read), signed with BouncyCastle's low-level ML-DSA signer.
 */
public final class SeedKeyCsr {
    private SeedKeyCsr() {}

    public static String pem(Path keyFile, String subject) throws Exception {
        byte[] pkcs8;
        try (PemReader r = new PemReader(new StringReader(Files.readString(keyFile)))) {
            pkcs8 = r.readPemObject().getContent();
        }
        MLDSAPrivateKeyParameters key = (MLDSAPrivateKeyParameters) PrivateKeyFactory.createKey(
                PrivateKeyInfo.getInstance(pkcs8));
        AlgorithmIdentifier id = new DefaultSignatureAlgorithmIdentifierFinder().find("ML-DSA-65");
        ByteArrayOutputStream tbs = new ByteArrayOutputStream();
        ContentSigner signer = new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return id;
            }

            @Override
            public OutputStream getOutputStream() {
                return tbs;
            }

            @Override
            public byte[] getSignature() {
                MLDSASigner s = new MLDSASigner();
                s.init(true, key);
                byte[] data = tbs.toByteArray();
                s.update(data, 0, data.length);
                try {
                    return s.generateSignature();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        byte[] csr = new PKCS10CertificationRequestBuilder(new X500Name(subject),
                SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key.getPublicKeyParameters())).build(signer)
                .getEncoded();
        return Pem.encode("CERTIFICATE REQUEST", csr);
    }
}
