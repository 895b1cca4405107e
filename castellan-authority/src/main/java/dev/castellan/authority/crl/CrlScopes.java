package dev.castellan.authority.crl;

import dev.castellan.authority.ca.CertificateAuthority;
import dev.castellan.authority.store.WriteTransaction;
import dev.castellan.core.CastellanException;
import dev.castellan.core.ErrorCode;
import dev.castellan.core.crl.CrlHeader;
import dev.castellan.core.crl.CrlIssuer;
import dev.castellan.core.crl.PartitionCapacity;
import dev.castellan.core.x509.KeySigner;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Binds certificates to CRL scopes inside the issuance transaction: to the CA's complete CRL, refusing the
 * 1,000,001st certificate, or to its open partition, closing a full one and opening the next.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Capacity.</b> A partition's capacity is fixed when it opens: {@link PartitionCapacity} for the configured
 *   byte limit, the CA's issuer name and signature algorithm, the partition's own distribution point URI, and a
 *   key identifier of {@link #SIZED_KEY_IDENTIFIER} bytes (the CA certificate may not exist yet when a root issues
 *   its own). Its CRL then stays within the limit even if every certificate bound to it is revoked.</li>
 *   <li><b>Races.</b> Binding is one conditional {@code UPDATE ... assigned = assigned + 1 WHERE assigned <
 *   capacity}: two issuers can never overfill a partition. Opening a partition is an insert that a unique index
 *   lets only one concurrent writer win (one open partition per CA); the loser binds to the winner's.</li>
 * </ul>
 */
public final class CrlScopes {
    /** The AKI key identifier length partitions are sized for: SHA-1 (20) and SHA-256 (32) fit, with room. */
    static final int SIZED_KEY_IDENTIFIER = 64;
    private static final int MAX_ATTEMPTS = 4;

    private final long partitionMaxBytes;
    private final DistributionUrls urls;

    public CrlScopes(long partitionMaxBytes, DistributionUrls urls) {
        this.partitionMaxBytes = partitionMaxBytes;
        this.urls = urls;
    }

    /** Counts the certificate against the CA's complete CRL; LIMIT_EXCEEDED beyond {@link CrlScope#COMPLETE_CRL_LIMIT}. */
    public void bindComplete(WriteTransaction tx, CertificateAuthority ca, Instant now) {
        ensureComplete(tx, ca.id(), now);
        if (!tx.bindToCrlScope(ca.id(), ca.id())) {
            throw new CastellanException(ErrorCode.LIMIT_EXCEEDED, "The certificate authority has issued "
                    + CrlScope.COMPLETE_CRL_LIMIT + " certificates, the limit with a complete CRL;"
                    + " switch its CRL to PARTITIONED to issue more.");
        }
    }

    /** The complete-CRL scope of the CA, created (counting the certificates it already holds) if missing. */
    public static CrlScope ensureComplete(WriteTransaction tx, java.util.UUID caId, Instant now) {
        return tx.crlScope(caId, caId).orElseGet(() -> {
            tx.insert(CrlScope.newComplete(caId, tx.certificateCount(caId), now));
            return tx.crlScope(caId, caId).orElseThrow();
        });
    }

    /**
     * Applies a new revocation configuration to the CA's scopes, in the transaction that stores it (issue 4, item 5).
     * Turning a complete CRL on — at first, or back from PARTITIONED — counts the CA's certificates against its
     * 1,000,000 limit and is refused with LIMIT_EXCEEDED above it. Nothing else changes: a complete CRL that is no
     * longer used for new certificates, and partitions after switching back, stay published for the certificates
     * bound to them.
     */
    public static void onConfigurationChange(WriteTransaction tx, CertificateAuthority ca,
            dev.castellan.authority.ca.RevocationConfiguration next, Instant now) {
        if (completeEnabled(next) && !completeEnabled(ca.revocation())) {
            long count = tx.certificateCount(ca.id());
            if (count > CrlScope.COMPLETE_CRL_LIMIT) {
                throw new CastellanException(ErrorCode.LIMIT_EXCEEDED, "The certificate authority holds " + count
                        + " certificates; a complete CRL allows at most " + CrlScope.COMPLETE_CRL_LIMIT
                        + ", so its CRL must stay PARTITIONED.");
            }
            ensureComplete(tx, ca.id(), now);
            tx.setCrlScopeAssigned(ca.id(), ca.id(), count);
        }
    }

    private static boolean completeEnabled(dev.castellan.authority.ca.RevocationConfiguration r) {
        return r.crl().enabled() && !"PARTITIONED".equals(r.crl().crlType());
    }

    /** Binds the certificate to the CA's open partition, opening a new one when there is none or it is full. */
    public CrlScope bindPartition(WriteTransaction tx, CertificateAuthority ca, Instant now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            var open = tx.openCrlPartition(ca.id());
            if (open.isPresent()) {
                if (tx.bindToCrlScope(ca.id(), open.get().scopeId())) {
                    return open.get();
                }
                tx.closeCrlScope(ca.id(), open.get().scopeId());
            }
            if (tx.boundCertificates(ca.id()) >= CrlScope.PARTITIONED_LIMIT) {
                throw new CastellanException(ErrorCode.LIMIT_EXCEEDED, "The certificate authority has issued "
                        + CrlScope.PARTITIONED_LIMIT + " certificates, the limit with partitioned CRLs.");
            }
            UUID id = UUID.randomUUID();
            String uri = urls.partitionCrl(ca, id);
            CrlScope partition = CrlScope.newPartition(ca.id(), id, tx.lastCrlPartitionOrdinal(ca.id()) + 1,
                    capacity(ca, uri), ca.revocation().crl().s3BucketName(),
                    DistributionUrls.partitionKey(ca.revocation().crl(), ca.id(), id), uri, now);
            if (tx.insert(partition)) {
                return partition;
            }
            // Another issuer opened a partition between our read and our insert: bind to theirs.
        }
        throw new CastellanException(ErrorCode.CONCURRENT_MODIFICATION,
                "CRL partitions of this certificate authority are being opened concurrently; retry.");
    }

    /** The number of certificates a new partition of this CA with this distribution point may hold. */
    long capacity(CertificateAuthority ca, String distributionPoint) {
        X500Name issuer;
        byte[] keyId;
        if (ca.certificateDer() != null) {
            CrlIssuer i = CrlIssuer.of(ca.certificateDer());
            issuer = i.name();
            keyId = i.keyIdentifier();
        } else {
            issuer = csrSubject(ca);
            keyId = new byte[0];
        }
        byte[] sized = Arrays.copyOf(keyId, Math.max(keyId.length, SIZED_KEY_IDENTIFIER));
        CrlHeader worst = CrlHeader.worstCase(issuer,
                KeySigner.algorithmIdentifier(ca.configuration().signingAlgorithm()), sized, List.of(distributionPoint));
        return PartitionCapacity.of(partitionMaxBytes, worst, ca.configuration().keyAlgorithm().maxSignatureBytes());
    }

    private static X500Name csrSubject(CertificateAuthority ca) {
        try {
            return new PKCS10CertificationRequest(ca.csrDer()).getSubject();
        } catch (IOException | RuntimeException e) {
            throw new CastellanException(ErrorCode.INTERNAL, "The stored CSR of CA " + ca.id() + " does not parse.", e);
        }
    }
}
