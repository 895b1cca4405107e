package dev.castellan.authority.ca;

import dev.castellan.authority.store.ReadTransaction;
import dev.castellan.core.CastellanException;
import java.time.Instant;
import java.util.UUID;

/**
 * Turns ARNs into stored CAs and back. An ARN for another region or account names a CA this server does not
 * hold, so it is "not found" rather than a different CA with the same id.
 */
public final class CaLocator {
    private final String partition;
    private final String region;
    private final String account;

    public CaLocator(String partition, String region, String account) {
        this.partition = partition;
        this.region = region;
        this.account = account;
    }

    public CaArn arn(UUID id) {
        return new CaArn(partition, region, account, id);
    }

    public String account() {
        return account;
    }

    public CertificateAuthority require(ReadTransaction tx, CaArn arn, Instant now) {
        if (!arn.partition().equals(partition) || !arn.region().equals(region) || !arn.account().equals(account)) {
            throw notFound(arn);
        }
        return tx.certificateAuthority(arn.id()).filter(ca -> !ca.purged(now)).orElseThrow(() -> notFound(arn));
    }

    private static CastellanException notFound(CaArn arn) {
        return CastellanException.notFound("Could not find certificate authority " + arn + ".");
    }
}
