package dev.castellan.it.support;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.CertificateAuthorityType;
import software.amazon.awssdk.services.acmpca.model.KeyAlgorithm;
import software.amazon.awssdk.services.acmpca.model.SigningAlgorithm;
import software.amazon.awssdk.services.acmpca.model.ValidityPeriodType;

/**
 * OCSP chores for integration tests: a root CA with OCSP enabled made through the AWS API, leaf certificates,
 * OCSP requests built by BouncyCastle (an encoder independent of the server's), and raw HTTP to the responder.
 */
public final class OcspClient {
    private final HttpClient http = HttpClient.newHttpClient();

    /** A ROOT CA created with {@code OcspConfiguration.Enabled=true}, self-issued and imported. */
    public static String ocspRoot(AcmPcaClient pca, String cn, String customCname) {
        String arn = pca.createCertificateAuthority(r -> r.certificateAuthorityType(CertificateAuthorityType.ROOT)
                .certificateAuthorityConfiguration(c -> c.keyAlgorithm(KeyAlgorithm.EC_PRIME256_V1)
                        .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).subject(s -> s.commonName(cn).organization("Castellan IT")))
                .revocationConfiguration(rc -> rc.ocspConfiguration(o -> o.enabled(true).ocspCustomCname(customCname))))
                .certificateAuthorityArn();
        String csr = pca.getCertificateAuthorityCsr(r -> r.certificateAuthorityArn(arn)).csr();
        String cert = issue(pca, arn, SdkBytes.fromString(csr, StandardCharsets.US_ASCII),
                "arn:aws:acm-pca:::template/RootCACertificate/V1", 3650);
        pca.importCertificateAuthorityCertificate(r -> r.certificateAuthorityArn(arn)
                .certificate(SdkBytes.fromString(cert, StandardCharsets.US_ASCII)));
        return arn;
    }

    /** Issues a leaf with the default template (EndEntityCertificate/V1) and returns it as PEM. */
    public static String leaf(AcmPcaClient pca, String caArn, String cn) throws Exception {
        return issue(pca, caArn, Pki.csr("CN=" + cn, Pki.p256()), null, 30);
    }

    private static String issue(AcmPcaClient pca, String caArn, SdkBytes csr, String template, long days) {
        String certArn = pca.issueCertificate(r -> r.certificateAuthorityArn(caArn).csr(csr)
                .signingAlgorithm(SigningAlgorithm.SHA256_WITHECDSA).templateArn(template)
                .validity(v -> v.type(ValidityPeriodType.DAYS).value(days))).certificateArn();
        pca.waiter().waitUntilCertificateIssued(r -> r.certificateAuthorityArn(caArn).certificateArn(certArn));
        return pca.getCertificate(r -> r.certificateAuthorityArn(caArn).certificateArn(certArn)).certificate();
    }

    public static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    public static X509Certificate read(Path pem) throws Exception {
        return parse(Files.readString(pem));
    }

    /** The SHA-1 CertID of {@code serial} under {@code issuer}, as most clients send it. */
    public static CertificateID certId(X509Certificate issuer, BigInteger serial) throws Exception {
        return new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuer), serial);
    }

    /** A DER OCSP request for the CertIDs, with a nonce of {@code nonceOctets} octets when that is not negative. */
    public static byte[] request(int nonceOctets, List<CertificateID> ids) throws Exception {
        OCSPReqBuilder b = new OCSPReqBuilder();
        ids.forEach(b::addRequest);
        if (nonceOctets >= 0) {
            b.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(new byte[nonceOctets]).getEncoded())));
        }
        return b.build().getEncoded();
    }

    public HttpResponse<byte[]> post(String url, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** GET {@code url/<base64 request, URL-encoded>} (RFC 5019 §5). */
    public HttpResponse<byte[]> get(String url, byte[] request, String... headers) throws Exception {
        return getRaw(url + "/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII),
                headers);
    }

    public HttpResponse<byte[]> getRaw(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
