package dev.castellan.authority.revocation;

import dev.castellan.authority.AuthoritySettings;
import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.ca.RevocationConfiguration;
import dev.castellan.authority.crl.CrlScope;
import dev.castellan.authority.crl.CrlScopes;
import dev.castellan.authority.crl.DistributionUrls;
import dev.castellan.authority.store.WriteTransaction;
import java.time.Instant;
import java.util.List;

/**
 * The hook certificate issuance calls, inside the transaction that reserves the serial, to bind the new certificate
 * to the CRL that will list it if it is revoked, and to learn the URLs to put into it.
 *
 * <ul>
 *   <li>CRLs disabled: nothing is bound and there is no CDP.</li>
 *   <li>{@code CrlType} COMPLETE (the default): the certificate counts against the CA's complete CRL, which refuses
 *   the 1,000,001st certificate with {@code LIMIT_EXCEEDED}; the CDP is the complete CRL's URL.</li>
 *   <li>PARTITIONED: the certificate is bound to the open partition (a full one is closed and the next opened); the
 *   CDP is that partition's URL, the same URI its CRL carries in its critical issuing distribution point.</li>
 *   <li>{@code OmitExtension=true}: bound as above, so the CRL lists it, but the CDP list is empty.</li>
 * </ul>
 *
 * If binding fails the exception must abort the issuance transaction; nothing is then bound or counted.
 */
public final class RevocationBinding {
    private final DistributionUrls urls;
    private final CrlScopes scopes;

    public RevocationBinding(AuthoritySettings settings) {
        this.urls = new DistributionUrls(settings.publicBaseUrl());
        this.scopes = new CrlScopes(settings.crlPartitionMaxBytes(), urls);
    }

    /**
     * Binds a certificate of {@code ca} being issued at {@code now}.
     *
     * @throws dev.castellan.core.CastellanException {@code LIMIT_EXCEEDED} when the CA has reached its certificate
     *     limit (1,000,000 with a complete CRL, 100,000,000 partitioned)
     */
    public IssuanceUrls bind(WriteTransaction tx, CertificateAuthority ca, Instant now) {
        RevocationConfiguration.Crl crl = ca.revocation().crl();
        String ocsp = urls.ocsp(ca);
        String caIssuers = urls.caIssuers(ca);
        if (!crl.enabled()) {
            return new IssuanceUrls(List.of(), null, ocsp, caIssuers);
        }
        boolean omit = Boolean.TRUE.equals(crl.omitExtension());
        if ("PARTITIONED".equals(crl.crlType())) {
            CrlScope partition = scopes.bindPartition(tx, ca, now);
            return new IssuanceUrls(omit ? List.of() : List.of(partition.distributionPoint()), partition.scopeId(),
                    ocsp, caIssuers);
        }
        scopes.bindComplete(tx, ca, now);
        return new IssuanceUrls(omit ? List.of() : List.of(urls.completeCrl(ca)), null, ocsp, caIssuers);
    }
}
