package dev.castellan.server;

import dev.castellan.authority.Authority;
import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.ca.CaArn;
import dev.castellan.authority.ca.CaConfiguration;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.CreateCaRequest;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.crl.CrlPublisher;
import dev.castellan.authority.crl.PublishedObject;
import dev.castellan.authority.issuance.IssuedCertificate;
import dev.castellan.authority.revocation.IssuanceUrls;
import dev.castellan.authority.revocation.RevocationBinding;
import dev.castellan.core.model.CaType;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.RevocationReason;
import dev.castellan.core.model.Serial;
import dev.castellan.core.model.SigningAlgorithm;
import dev.castellan.core.model.Subject;
import dev.castellan.core.x509.KeySigner;
import dev.castellan.core.x509.Pem;
import dev.castellan.keys.software.MasterKey;
import dev.castellan.keys.software.SoftwareKeyProvider;
import dev.castellan.store.jdbc.JdbcStore;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Castellan's revocation stack wired as the server wires it — JDBC store, software keys, the Authority, the CRL
 * publisher writing real bucket files — on a clock the test advances. Certificates are issued the way issuance
 * binds them (issue 4): {@link RevocationBinding#bind} in the transaction that reserves the serial, the CDP and AIA
 * it returns in the certificate, the partition on the certificate row.
 */
final class RevocationHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    static final Principal ADMIN = new Principal("CASTTEST", "test-admin", Principal.Role.ADMINISTRATOR);
    static final String TEMPLATE = "arn:aws:acm-pca:::template/EndEntityCertificate/V1";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeyPair LEAF_KEY = p256();

    final JdbcStore store;
    final SoftwareKeyProvider keys;
    final MutableClock clock;
    final AuthoritySettings settings;
    final Authority authority;
    final RevocationBinding binding;
    final Path buckets;

    RevocationHarness(Path dir, String jdbcUrl, String user, String publicUrl, long partitionLimit) throws Exception {
        this(dir, jdbcUrl, user, publicUrl, partitionLimit, T0);
    }

    /** A harness whose clock starts at {@code start}: an integration test next to a real server passes the real time. */
    RevocationHarness(Path dir, String jdbcUrl, String user, String publicUrl, long partitionLimit, Instant start)
            throws Exception {
        this.clock = new MutableClock(start);
        this.store = JdbcStore.open(jdbcUrl, user, null);
        this.keys = new SoftwareKeyProvider(store, MasterKey.loadOrCreate(dir.resolve("master.key"), RANDOM), RANDOM);
        this.settings = new AuthoritySettings("aws", "us-east-1", "000000000000", publicUrl, partitionLimit);
        this.authority = new Authority(settings, store, keys, clock, RANDOM);
        this.binding = new RevocationBinding(settings);
        this.buckets = dir.resolve("buckets");
    }

    static RevocationHarness sqlite(Path dir, long partitionLimit) throws Exception {
        return new RevocationHarness(dir, "jdbc:sqlite:" + dir.resolve("castellan.db"), null, "http://127.0.0.1:7700",
                partitionLimit);
    }

    CrlPublisher publisher(String holder) {
        return new CrlPublisher(store, keys, clock, settings, new FileBuckets(buckets), holder, Duration.ofSeconds(30));
    }

    static RevocationConfiguration complete(String bucket) {
        return new RevocationConfiguration(new RevocationConfiguration.Crl(true, 7, null, bucket, null, null, null, null), null);
    }

    static RevocationConfiguration partitioned(String bucket, String customPath) {
        return new RevocationConfiguration(
                new RevocationConfiguration.Crl(true, 7, null, bucket, null, "PARTITIONED", customPath, null), null);
    }

    CertificateAuthority ca(CaArn arn) {
        return store.read(tx -> tx.certificateAuthority(arn.id())).orElseThrow();
    }

    /** A root CA created through the Authority, its CSR signed into a self-signed certificate and imported. */
    CaArn activeRoot(KeyAlgorithm key, SigningAlgorithm signing, RevocationConfiguration revocation) throws Exception {
        Subject subject = new Subject("DE", "Castellan Tests", null, null, null, "Revocation Root " + key, null, null, null,
                null, null, null, null, null, null);
        CaArn arn = authority.createCertificateAuthority(ADMIN, new CreateCaRequest(CaType.ROOT,
                new CaConfiguration(key, signing, subject, null), revocation, null, null, null, null));
        CertificateAuthority ca = ca(arn);
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(ca.csrDer());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(csr.getSubject(), BigInteger.valueOf(RANDOM.nextLong() >>> 1).add(BigInteger.ONE),
                Date.from(clock.instant().minus(Duration.ofDays(1))), Date.from(clock.instant().plus(Duration.ofDays(3650))),
                csr.getSubject(),
                csr.getSubjectPublicKeyInfo());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        b.addExtension(Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(csr.getSubjectPublicKeyInfo()));
        byte[] der = b.build(new KeySigner(keys, ca.key(), signing)).getEncoded();
        authority.importCertificateAuthorityCertificate(ADMIN, arn,
                Pem.encode("CERTIFICATE", der).getBytes(StandardCharsets.US_ASCII), null);
        return arn;
    }

    /** An issued end-entity certificate and what its binding decided. */
    record Issued(Serial serial, X509Certificate certificate, IssuanceUrls urls) {}

    Issued issue(CaArn arn, Duration validity) throws Exception {
        return issueMany(arn, 1, validity).getFirst();
    }

    /** Issues {@code n} certificates: their bindings in one transaction, then one signature each, then one commit. */
    List<Issued> issueMany(CaArn arn, int n, Duration validity) throws Exception {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        List<Serial> serials = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            serials.add(Serial.random(RANDOM));
        }
        List<IssuanceUrls> urls = store.write(tx -> {
            List<IssuanceUrls> out = new ArrayList<>();
            CertificateAuthority ca = tx.certificateAuthority(arn.id()).orElseThrow();
            for (Serial s : serials) {
                IssuanceUrls u = binding.bind(tx, ca, now);
                tx.insert(IssuedCertificate.pending(ca.id(), s, now.minus(Duration.ofHours(1)), notAfter, now, TEMPLATE,
                        u.partitionId()));
                out.add(u);
            }
            return out;
        });
        CertificateAuthority ca = ca(arn);
        X509Certificate caCert = Pem.certificate(ca.certificateDer());
        List<Issued> issued = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            issued.add(new Issued(serials.get(i), sign(ca, caCert, serials.get(i), urls.get(i), now, notAfter), urls.get(i)));
        }
        store.write(tx -> {
            for (Issued c : issued) {
                try {
                    tx.markIssued(ca.id(), c.serial(), c.certificate().getEncoded(), now);
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
        return issued;
    }

    private X509Certificate sign(CertificateAuthority ca, X509Certificate caCert, Serial serial, IssuanceUrls urls,
            Instant now, Instant notAfter) throws Exception {
        X500Name issuer = X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded());
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, serial.value(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(notAfter), new X500Name("CN=leaf " + serial.hex()),
                SubjectPublicKeyInfo.getInstance(LEAF_KEY.getPublic().getEncoded()));
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
        if (!urls.crlDistributionPoints().isEmpty()) {
            GeneralName[] names = urls.crlDistributionPoints().stream()
                    .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u)).toArray(GeneralName[]::new);
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(new GeneralNames(names)), null, null)}));
        }
        if (urls.caIssuersUrl() != null) {
            b.addExtension(Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription(
                    AccessDescription.id_ad_caIssuers, new GeneralName(GeneralName.uniformResourceIdentifier, urls.caIssuersUrl()))));
        }
        return Pem.certificate(b.build(new KeySigner(keys, ca.key(), ca.configuration().signingAlgorithm())).getEncoded());
    }

    void revoke(CaArn arn, Serial serial, RevocationReason reason) {
        authority.revokeCertificate(ADMIN, arn, serial.colonHex(), reason);
    }

    /** The object the distribution point serves at the path of {@code url}, as the HTTP edge would find it. */
    PublishedObject fetch(String url) {
        return authority.publishedObject(URI.create(url).getPath()).orElseThrow(() -> new AssertionError("nothing at " + url));
    }

    /** The CRL at {@code url}, parsed by the JDK and verified with the CA's key. */
    X509CRL crl(String url, CaArn arn) throws Exception {
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(fetch(url).content()));
        crl.verify(Pem.certificate(ca(arn).certificateDer()).getPublicKey());
        return crl;
    }

    String completeCrlUrl(CaArn arn) {
        return settings.publicBaseUrl() + "/" + ca(arn).revocation().crl().s3BucketName() + "/crl/" + arn.id() + ".crl";
    }

    static UUID id(CaArn arn) {
        return arn.id();
    }

    private static KeyPair p256() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
