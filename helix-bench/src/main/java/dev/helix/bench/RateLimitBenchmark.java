package dev.helix.bench;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.RouteClass;
import dev.helix.ratelimit.RateLimiter;
import dev.helix.ratelimit.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rate-limit check every limited request goes through, with the buckets in this node's memory (no Redis):
 *
 * <ul>
 *   <li>{@code checkOneKey}: one API key, admitted (a rate of a million a second, so it never runs out);</li>
 *   <li>{@code checkOneKeyTwoThreads}: the same from two threads at once, contending for one bucket;</li>
 *   <li>{@code checkManyKeys}: 10,000 keys in turn, so bucket lookups miss the CPU caches;</li>
 *   <li>{@code checkAndHeaders}: a check plus the {@code RateLimit-Policy} and {@code RateLimit} values, all the
 *       interceptor does besides handing the headers to Helidon;</li>
 *   <li>{@code checkRefused}: a key over its limit (one request a day, used up);</li>
 *   <li>{@code baselineAtomicIncrement}: an {@code AtomicLong} increment, the floor of any shared counter.</li>
 * </ul>
 *
 * <p>The forked JVM gets the heap, collector and native-access flags that {@code ./helix} starts the server with.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED"})
public class RateLimitBenchmark {
    private static final int KEYS = 10_000;

    private RateLimiter limiter;
    private String[] keys;
    private final AtomicLong counter = new AtomicLong();

    /** Where one thread is in the list of keys. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** A limiter with a huge default rate and a tiny admin rate whose one request is already used. */
    @Setup(Level.Trial)
    public void setUp() {
        HelixConfig.Limits limits = ConfigLoader.builder()
                .env(Map.of())
                .flag("limits.defaultRate", "1000000/1s", "--set limits.defaultRate")
                .flag("limits.adminRate", "1/1d", "--set limits.adminRate")
                .load()
                .config()
                .limits();
        limiter = new RateLimiter(limits, Optional.empty(), Clock.systemUTC(), new SimpleMeterRegistry());
        keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key_01BENCH" + String.format("%016d", i);
            limiter.check(RouteClass.DEFAULT, keys[i]);
        }
        limiter.check(RouteClass.ADMIN, keys[0]);
    }

    @Benchmark
    public Verdict checkOneKey() {
        return limiter.check(RouteClass.DEFAULT, keys[0]);
    }

    @Benchmark
    @Threads(2)
    public Verdict checkOneKeyTwoThreads() {
        return limiter.check(RouteClass.DEFAULT, keys[0]);
    }

    @Benchmark
    public Verdict checkManyKeys(Cursor cursor) {
        String key = keys[cursor.next];
        cursor.next = cursor.next + 1 == KEYS ? 0 : cursor.next + 1;
        return limiter.check(RouteClass.DEFAULT, key);
    }

    @Benchmark
    public String checkAndHeaders() {
        Verdict verdict = limiter.check(RouteClass.DEFAULT, keys[0]);
        return limiter.policyHeader(RouteClass.DEFAULT) + limiter.stateHeader(RouteClass.DEFAULT, verdict);
    }

    @Benchmark
    public Verdict checkRefused() {
        return limiter.check(RouteClass.ADMIN, keys[0]);
    }

    @Benchmark
    public long baselineAtomicIncrement() {
        return counter.incrementAndGet();
    }
}
