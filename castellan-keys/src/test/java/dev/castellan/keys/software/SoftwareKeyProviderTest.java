package dev.castellan.keys.software;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.castellan.core.CastellanException;
import dev.castellan.core.keys.KeyRef;
import dev.castellan.core.keys.SealedKeyStore;
import dev.castellan.core.model.KeyAlgorithm;
import dev.castellan.core.model.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SoftwareKeyProviderTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The real store is the JDBC one, tested in its module; here a map holds the sealed rows. */
    static final class MapStore implements SealedKeyStore {
        final Map<String, SealedKey> rows = new HashMap<>();

        @Override
        public void save(SealedKey key) {
            rows.put(key.id(), key);
        }

        @Override
        public Optional<SealedKey> load(String id) {
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public void delete(String id) {
            rows.remove(id);
        }
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_prime256v1", "ML_DSA_65"})
    void destroy_usedKey_isGoneFromStoreAndMemoryAndCannotSign(KeyAlgorithm algorithm) {
        MapStore store = new MapStore();
        SoftwareKeyProvider keys = new SoftwareKeyProvider(store, MasterKey.of(new byte[32], RANDOM), RANDOM);
        KeyRef ref = keys.generate(algorithm);
        SigningAlgorithm signing = firstFitting(algorithm);
        keys.sign(ref, signing.jcaName(), new byte[] {1, 2, 3}); // loaded (and for ML-DSA converted) in memory

        keys.destroy(ref);
        keys.destroy(ref); // again: nothing left to do, no error

        assertThat(store.rows).doesNotContainKey(ref.id());
        assertThatThrownBy(() -> keys.sign(ref, signing.jcaName(), new byte[] {1, 2, 3}))
                .isInstanceOf(CastellanException.class).hasMessageContaining("is not in the key store");
        assertThatThrownBy(() -> keys.publicKey(ref)).isInstanceOf(CastellanException.class);
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void sign_everyAlgorithm_verifiesWithJdkAfterReloadFromStore(KeyAlgorithm algorithm) throws Exception {
        MapStore store = new MapStore();
        MasterKey master = MasterKey.of(new byte[32], RANDOM);
        KeyRef ref = new SoftwareKeyProvider(store, master, RANDOM).generate(algorithm);

        // A new provider over the same rows stands for a restarted server: it must unseal and still sign.
        SoftwareKeyProvider restarted = new SoftwareKeyProvider(store, master, RANDOM);
        SigningAlgorithm signing = firstFitting(algorithm);
        byte[] data = "to be signed".getBytes(StandardCharsets.UTF_8);
        byte[] sig = restarted.sign(ref, signing.jcaName(), data);

        Signature verifier = Signature.getInstance(signing.jcaName());
        verifier.initVerify(restarted.publicKey(ref));
        verifier.update(data);
        assertThat(verifier.verify(sig)).isTrue();
        assertThat(restarted.algorithm(ref)).isEqualTo(algorithm);
    }

    @Test
    void generate_sealedRow_doesNotContainPrivateKeyInClear() throws Exception {
        MapStore store = new MapStore();
        SoftwareKeyProvider keys = new SoftwareKeyProvider(store, MasterKey.of(new byte[32], RANDOM), RANDOM);
        KeyRef ref = keys.generate(KeyAlgorithm.EC_prime256v1);
        byte[] sealed = store.rows.get(ref.id()).sealedPrivateKey();
        // The PKCS#8 header of an EC key would appear in clear if the row were not encrypted.
        byte[] pkcs8Prefix = {0x30, (byte) 0x81};
        assertThat(indexOf(sealed, pkcs8Prefix)).isNotEqualTo(1);
        assertThat(sealed[0]).isEqualTo((byte) 1);
    }

    @Test
    void sign_withWrongMasterKey_refusesToOpen() {
        MapStore store = new MapStore();
        KeyRef ref = new SoftwareKeyProvider(store, MasterKey.of(new byte[32], RANDOM), RANDOM)
                .generate(KeyAlgorithm.EC_prime256v1);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        SoftwareKeyProvider other = new SoftwareKeyProvider(store, MasterKey.of(otherKey, RANDOM), RANDOM);
        assertThatThrownBy(() -> other.sign(ref, "SHA256withECDSA", new byte[] {1}))
                .isInstanceOf(SecurityException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void open_rowSwappedBetweenKeys_refusesToOpen() {
        MapStore store = new MapStore();
        MasterKey master = MasterKey.of(new byte[32], RANDOM);
        SoftwareKeyProvider keys = new SoftwareKeyProvider(store, master, RANDOM);
        KeyRef a = keys.generate(KeyAlgorithm.EC_prime256v1);
        KeyRef b = keys.generate(KeyAlgorithm.EC_prime256v1);
        SealedKeyStore.SealedKey rowA = store.rows.get(a.id());
        SealedKeyStore.SealedKey rowB = store.rows.get(b.id());
        store.rows.put(b.id(), new SealedKeyStore.SealedKey(b.id(), rowB.algorithm(), rowB.publicKeyDer(), rowA.sealedPrivateKey()));
        SoftwareKeyProvider restarted = new SoftwareKeyProvider(store, master, RANDOM);
        assertThatThrownBy(() -> restarted.sign(b, "SHA256withECDSA", new byte[] {1}))
                .isInstanceOf(SecurityException.class);
    }

    @Test
    void loadOrCreate_newFile_isOwnerOnlyAndStable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("master.key");
        MasterKey first = MasterKey.loadOrCreate(file, RANDOM);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        byte[] sealed = first.seal("secret".getBytes(StandardCharsets.UTF_8), new byte[0]);
        MasterKey again = MasterKey.loadOrCreate(file, RANDOM);
        assertThat(new String(again.open(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("secret");
        assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
    }

    @Test
    void load_truncatedFile_failsWithPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("short.key");
        Files.writeString(file, "AAAA\n");
        assertThatThrownBy(() -> MasterKey.load(file, RANDOM)).hasMessageContaining("32 bytes").hasMessageContaining(file.toString());
    }

    private static SigningAlgorithm firstFitting(KeyAlgorithm key) {
        for (SigningAlgorithm s : SigningAlgorithm.values()) {
            if (s.fits(key)) {
                return s;
            }
        }
        throw new AssertionError("no signing algorithm for " + key);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
