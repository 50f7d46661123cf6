package dev.helix.bench;

import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.cache.CacheHitFixture;
import dev.helix.http.StoredResponse;
import dev.helix.state.StateApi;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderValues;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The response cache's hit path without the network: make the key of a {@code GET /api/v1/state?path=/agents}
 * request by a user (route, path, the {@code path} parameter, the role), find the entry in memory and check that its
 * tags are current and it is fresh — against the same key made and looked up in a plain {@link ConcurrentHashMap}.
 * Both hold 10,000 entries. The cache's hit path is reached through {@link CacheHitFixture}, from helix-server's
 * test jar, with the policy the state route declares.
 *
 * <ul>
 *   <li>{@code cacheHit} / {@code mapHit}: key + lookup, the cache vs the map;</li>
 *   <li>{@code cacheLookup} / {@code mapLookup}: the lookup alone, with the key made once.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx256m", "-XX:+UseSerialGC"})
public class CacheHitBenchmark {
    private static final int ENTRIES = 10_000;

    private CacheHitFixture cache;
    private final ConcurrentHashMap<String, StoredResponse> map = new ConcurrentHashMap<>();
    private final Optional<Principal> caller = Optional.of(new Principal("key_bench", "bench", Role.USER));
    private final UriQuery query = UriQuery.create("path=/agents");
    private String key;

    @Setup
    public void setUp() {
        cache = CacheHitFixture.of(StateApi.STATE, StateApi.CACHING);
        for (int i = 0; i < ENTRIES; i++) {
            String k = cache.key("/api/v1/state", UriQuery.create("path=/agents/" + i), caller);
            StoredResponse r = response("{\"n\":" + i + "}");
            cache.put(k, r);
            map.put(k, r);
        }
        key = cache.key("/api/v1/state", query, caller);
        StoredResponse r = response("{\"agents\":[]}");
        cache.put(key, r);
        map.put(key, r);
    }

    private static StoredResponse response(String json) {
        return StoredResponse.restore(
                List.of(HeaderValues.create("Content-Type", "application/json")),
                json.getBytes(StandardCharsets.UTF_8));
    }

    @Benchmark
    public StoredResponse cacheHit() {
        return cache.hit(cache.key("/api/v1/state", query, caller));
    }

    @Benchmark
    public StoredResponse mapHit() {
        return map.get(cache.key("/api/v1/state", query, caller));
    }

    @Benchmark
    public StoredResponse cacheLookup() {
        return cache.hit(key);
    }

    @Benchmark
    public StoredResponse mapLookup() {
        return map.get(key);
    }
}
