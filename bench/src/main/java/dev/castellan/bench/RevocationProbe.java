package dev.castellan.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import software.amazon.awssdk.services.acmpca.AcmPcaClient;
import software.amazon.awssdk.services.acmpca.model.RevocationReason;

/**
 * The OCSP half of benchmark (b): for each of N fresh certificates, asks the observing server once (so it holds a
 * pre-signed good answer — the case a stale cache would get wrong), waits a random fraction of a second, revokes
 * through the revoking server, and from the moment RevokeCertificate returns asks the observer by GET every
 * millisecond until it answers revoked.
 */
final class RevocationProbe {
    private static final long LIMIT_NANOS = 60_000_000_000L;

    private RevocationProbe() {}

    /** Latencies in nanoseconds, sorted. */
    static List<Long> measure(AcmPcaClient pca, OcspBench.Ca ca, String revokingUrl,
            String observingUrl, int n) throws Exception {
        List<X509Certificate> certs = ca.issue(n);
        HttpClient http = HttpClient.newHttpClient();
        List<Long> out = new ArrayList<>();
        for (X509Certificate cert : certs) {
            String get = observingUrl + "/" + OcspBench.urlBase64(OcspBench.request(ca.certificate(), cert.getSerialNumber(), -1));
            if (revoked(http, get)) {
                throw new IllegalStateException("revoked before revocation: " + cert.getSerialNumber());
            }
            // A random pause first, so revocations land at every phase of the other server's one-second poll.
            Thread.sleep(ThreadLocalRandom.current().nextLong(1_000));
            pca.revokeCertificate(r -> r.certificateAuthorityArn(ca.arn()).certificateSerial(cert.getSerialNumber().toString(16))
                    .revocationReason(RevocationReason.KEY_COMPROMISE));
            long returned = System.nanoTime();
            while (!revoked(http, get)) {
                if (System.nanoTime() - returned > LIMIT_NANOS) {
                    throw new IllegalStateException("not revoked in OCSP after 60 s: " + cert.getSerialNumber());
                }
                Thread.sleep(1);
            }
            out.add(System.nanoTime() - returned);
        }
        Collections.sort(out);
        return out;
    }

    private static boolean revoked(HttpClient http, String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        OCSPResp resp = new OCSPResp(r.body());
        if (resp.getStatus() != 0) {
            throw new IllegalStateException("OCSP status " + resp.getStatus() + " from " + url);
        }
        return ((BasicOCSPResp) resp.getResponseObject()).getResponses()[0].getCertStatus() instanceof RevokedStatus;
    }
}
