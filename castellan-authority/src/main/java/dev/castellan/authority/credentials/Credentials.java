package dev.castellan.authority.credentials;

import dev.castellan.authority.audit.AuditEvent;
import dev.castellan.authority.authz.Principal;
import dev.castellan.authority.store.Store;
import dev.castellan.core.keys.SecretCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;

/**
 * API credentials: creates the administrator's access key on first start and opens stored secrets for
 * Signature V4 verification. Secrets are sealed with the access key id as associated data, so a sealed secret
 * moved to another key's row does not open.
 */
public final class Credentials {
    private static final char[] ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    private final Store store;
    private final SecretCipher cipher;
    private final InstantSource clock;
    private final SecureRandom random;

    public Credentials(Store store, SecretCipher cipher, InstantSource clock, SecureRandom random) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.random = random;
    }

    /** A freshly created key pair, shown once to be written to the credentials file. */
    public record IssuedKey(String accessKeyId, String secretAccessKey) {}

    /** Creates the administrator key if no key exists yet; returns it only when it was created now. */
    public Optional<IssuedKey> bootstrapAdministrator() {
        return store.write(tx -> {
            if (tx.anyAccessKey()) {
                return Optional.empty();
            }
            String id = "CAST" + randomString(ID_ALPHABET, 16);
            String secret = randomString(SECRET_ALPHABET, 40);
            byte[] sealed = cipher.seal(secret.getBytes(StandardCharsets.UTF_8), aad(id));
            tx.insert(new AccessKey(id, "administrator", Principal.Role.ADMINISTRATOR, sealed, clock.instant()));
            tx.append(new AuditEvent(clock.instant(), Principal.system().name(), "CreateAccessKey", id,
                    AuditEvent.Outcome.SUCCESS, "administrator key created at first start"));
            return Optional.of(new IssuedKey(id, secret));
        });
    }

    /**
     * The administrator key as stored, for a node that shares the database (and master key) with the node that
     * created it and needs its own credentials file.
     */
    public Optional<IssuedKey> administrator() {
        return store.read(tx -> tx.administratorAccessKeyId().flatMap(tx::accessKey)).map(k -> new IssuedKey(
                k.accessKeyId(), new String(cipher.open(k.sealedSecret(), aad(k.accessKeyId())), StandardCharsets.UTF_8)));
    }

    /** The principal and the secret of an access key, for verifying a request signature. */
    public record Secret(Principal principal, byte[] secretAccessKey) {}

    public Optional<Secret> secretFor(String accessKeyId) {
        return store.read(tx -> tx.accessKey(accessKeyId)).map(k -> new Secret(
                new Principal(k.accessKeyId(), k.principalName(), k.role()),
                cipher.open(k.sealedSecret(), aad(k.accessKeyId()))));
    }

    private static byte[] aad(String accessKeyId) {
        return ("castellan/access-key/" + accessKeyId).getBytes(StandardCharsets.UTF_8);
    }

    private String randomString(char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
