package dev.helix.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.config.HelixConfig;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ApiKeysTest {
    @TempDir
    Path dir;

    private Database db;
    private HelixConfig.Storage storage;

    private ApiKeys keys(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        return new ApiKeys(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (db != null) {
            StorageEngines.close(db, storage);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void createdKeysAuthenticateAndOnlyTheirHashIsStored(String engine) {
        ApiKeys keys = keys(engine);
        CreatedKey alice = keys.create("  alice ", Role.USER);
        assertThat(alice.secret()).matches("hx_[A-Za-z0-9]{43}");
        assertThat(alice.key().name()).isEqualTo("alice");
        assertThat(alice.key().prefix()).isEqualTo(alice.secret().substring(0, 10));
        assertThat(keys.authenticate(alice.secret()))
                .contains(new Principal(alice.key().id(), "alice", Role.USER));
        List<String> stored = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT key_hash FROM api_keys")
                        .mapTo(String.class)
                        .list());
        assertThat(stored).containsExactly(KeySecrets.hash(alice.secret())).noneMatch(s -> s.contains(alice.secret()));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void unknownMalformedAndRevokedKeysAreRejected(String engine) {
        ApiKeys keys = keys(engine);
        keys.create("admin", Role.ADMIN);
        CreatedKey bob = keys.create("bob", Role.USER);
        assertThat(keys.authenticate(KeySecrets.generate())).isEmpty();
        assertThat(keys.authenticate("not-a-key")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(keys.authenticate(bob.secret())).isPresent();
        ApiKey revoked = keys.revoke(bob.key().id());
        assertThat(revoked.revokedAt()).isNotNull();
        assertThat(keys.authenticate(bob.secret()))
                .as("revocation takes effect at once on this node")
                .isEmpty();
        assertThat(keys.revoke(bob.key().id()).revokedAt())
                .as("revoking twice is harmless")
                .isEqualTo(revoked.revokedAt());
        assertThatThrownBy(() -> keys.revoke("key_nope"))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessageContaining("key_nope");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void theLastActiveAdminKeyCannotBeRevoked(String engine) {
        ApiKeys keys = keys(engine);
        CreatedKey first = keys.create("first", Role.ADMIN);
        assertThatThrownBy(() -> keys.revoke(first.key().id()))
                .isInstanceOf(InvalidKeyRequestException.class)
                .hasMessageContaining("last active admin key");
        CreatedKey second = keys.create("second", Role.ADMIN);
        keys.revoke(first.key().id());
        assertThat(keys.authenticate(second.secret())).isPresent();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void concurrentRevokesOfTheLastTwoAdminKeysLeaveOne(String engine) throws Exception {
        ApiKeys keys = keys(engine);
        for (int round = 0; round < 10; round++) {
            CreatedKey a = keys.create("a" + round, Role.ADMIN);
            CreatedKey b = keys.create("b" + round, Role.ADMIN);
            keys.list().stream()
                    .filter(k -> k.active()
                            && !k.id().equals(a.key().id())
                            && !k.id().equals(b.key().id()))
                    .forEach(k -> keys.revoke(k.id()));
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Boolean>> results = List.of(a, b).stream()
                        .map(k -> pool.submit(() -> revoked(keys, k, go)))
                        .toList();
                go.countDown();
                long succeeded = 0;
                for (Future<Boolean> r : results) {
                    succeeded += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertThat(succeeded)
                        .as("round %d: exactly one revoke wins", round)
                        .isEqualTo(1);
            }
            assertThat(keys.list().stream().filter(k -> k.active() && k.role() == Role.ADMIN))
                    .hasSize(1);
        }
    }

    private static boolean revoked(ApiKeys keys, CreatedKey k, CountDownLatch go) throws InterruptedException {
        go.await();
        try {
            keys.revoke(k.key().id());
            return true;
        } catch (InvalidKeyRequestException e) {
            return false;
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void bootstrapCreatesOneAdminKeyOnlyOnAnEmptyDatabase(String engine) {
        ApiKeys keys = keys(engine);
        Optional<String> generated = keys.bootstrap(Optional.empty());
        assertThat(generated).isPresent();
        assertThat(keys.authenticate(generated.get())).map(Principal::role).contains(Role.ADMIN);
        assertThat(keys.bootstrap(Optional.empty())).as("second start").isEmpty();
        assertThat(keys.list()).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aConfiguredAdminKeyIsInstalledOnceAndStaysRevokedIfRevoked(String engine) {
        ApiKeys keys = keys(engine);
        String configured = KeySecrets.generate();
        assertThat(keys.bootstrap(Optional.of(configured))).isEmpty();
        assertThat(keys.bootstrap(Optional.of(configured))).isEmpty();
        assertThat(keys.list()).hasSize(1);
        ApiKey installed = keys.list().getFirst();
        assertThat(keys.authenticate(configured)).map(Principal::keyId).contains(installed.id());
        keys.create("other admin", Role.ADMIN);
        keys.revoke(installed.id());
        keys.bootstrap(Optional.of(configured));
        assertThat(keys.authenticate(configured)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void useTimesAreWrittenInBatches(String engine) {
        ApiKeys keys = keys(engine);
        CreatedKey k = keys.create("carol", Role.USER);
        assertThat(keys.get(k.key().id()).lastUsedAt()).isNull();
        keys.authenticate(k.secret());
        assertThat(keys.get(k.key().id()).lastUsedAt())
                .as("not written on the request path")
                .isNull();
        keys.flushUsage();
        assertThat(keys.get(k.key().id()).lastUsedAt()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void namesAreValidated(String engine) {
        ApiKeys keys = keys(engine);
        assertThatThrownBy(() -> keys.create(" ", Role.USER)).hasMessageContaining("name is required");
        assertThatThrownBy(() -> keys.create("x".repeat(101), Role.USER)).hasMessageContaining("at most 100");
        assertThatThrownBy(() -> keys.create("a\u0000b", Role.USER)).hasMessageContaining("control characters");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void limitsAreStoredWithTheKeyAndChangedAtOnceOnThisNode(String engine) {
        ApiKeys keys = keys(engine);
        KeyLimits limits = new KeyLimits(20.0, BudgetPeriod.DAY, 60, 200_000);
        CreatedKey k = keys.create("dana", Role.USER, limits);
        assertThat(k.key().limits()).isEqualTo(limits);
        assertThat(keys.get(k.key().id()).limits()).isEqualTo(limits);
        assertThat(keys.limits(k.key().id())).isEqualTo(limits);
        assertThat(keys.create("no limits", Role.USER).key().limits()).isEqualTo(KeyLimits.NONE);
        assertThat(keys.limits("key_missing")).isEqualTo(KeyLimits.NONE);

        KeyLimits lower = new KeyLimits(null, null, 10, null);
        assertThat(keys.updateLimits(k.key().id(), lower).limits()).isEqualTo(lower);
        assertThat(keys.limits(k.key().id()))
                .as("the cached limits are replaced")
                .isEqualTo(lower);
        assertThat(keys.list().stream()
                        .filter(x -> x.id().equals(k.key().id()))
                        .findFirst()
                        .orElseThrow()
                        .limits())
                .isEqualTo(lower);
        assertThatThrownBy(() -> keys.updateLimits("key_missing", lower)).isInstanceOf(KeyNotFoundException.class);
    }
}
