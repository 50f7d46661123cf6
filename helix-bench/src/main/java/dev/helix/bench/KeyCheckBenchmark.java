package dev.helix.bench;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.auth.ApiKeys;
import dev.helix.auth.KeySecrets;
import dev.helix.config.HelixConfig;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The API-key check that runs on every authenticated request, against a real SQLite database in a temporary
 * folder.
 *
 * <ul>
 *   <li>{@code authenticateKnownKey}: an active key, answered from the check cache;</li>
 *   <li>{@code authenticateUnknownKey}: a well-formed key that does not exist, whose "no such key" answer is
 *       cached too;</li>
 *   <li>{@code hashBaseline}: the SHA-256 of the secret alone, the floor under both checks.</li>
 * </ul>
 *
 * <p>Cached answers expire after {@link ApiKeys#CHECK_CACHE_TTL}, so about once per that interval a check goes to
 * the database; the averages include those rare misses, as a running server would. The forked JVM gets the heap,
 * collector and native-access flags that {@code ./helix} starts the server with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class KeyCheckBenchmark {
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int SECRET_BODY_CHARS = 43;

    private Path dataDir;
    private Database database;
    private ApiKeys keys;
    private String knownSecret;
    private String unknownSecret;

    /** Opens a migrated database in a temporary folder and creates one user key. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dataDir = Files.createTempDirectory("helix-bench-");
        HelixConfig config = HelixConfig.defaults();
        config = config.toBuilder().storage(s -> s.dataDir(dataDir)).build();
        database = Database.open(config.storage());
        database.migrate();
        keys = new ApiKeys(database, Clock.systemUTC());
        knownSecret = keys.create("bench", Role.USER).secret();
        unknownSecret = randomWellFormedSecret();
    }

    /** Closes the database and deletes its folder. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        database.close();
        Folders.deleteTree(dataDir);
    }

    @Benchmark
    public Optional<Principal> authenticateKnownKey() {
        return keys.authenticate(knownSecret);
    }

    @Benchmark
    public Optional<Principal> authenticateUnknownKey() {
        return keys.authenticate(unknownSecret);
    }

    @Benchmark
    public String hashBaseline() {
        return KeySecrets.hash(knownSecret);
    }

    private static String randomWellFormedSecret() {
        SecureRandom random = new SecureRandom();
        StringBuilder secret = new StringBuilder(KeySecrets.PREFIX);
        for (int i = 0; i < SECRET_BODY_CHARS; i++) {
            secret.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
        }
        return secret.toString();
    }
}
