package dev.helix.ratelimit;

import dev.helix.config.HelixConfig;
import dev.helix.config.Rate;
import dev.helix.config.RouteClass;
import dev.helix.storage.RedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks requests against their route class's rate: a token bucket per API key (per client IP on public routes),
 * kept in Redis for every node when Redis is configured and in this node's memory otherwise — or while Redis does
 * not answer, in which case each node counts on its own until it does. Also writes the IETF {@code RateLimit-Policy}
 * and {@code RateLimit} header values.
 */
public final class RateLimiter {
    /** Counter: checks answered by this node's own buckets because Redis did not answer. */
    public static final String FALLBACKS = "helix.ratelimit.fallbacks";

    private record Lane(Rate rate, LocalBuckets local, String policy, String prefix) {}

    private final Map<RouteClass, Lane> lanes = new EnumMap<>(RouteClass.class);
    private final @Nullable SharedBuckets shared;
    private final Counter fallbacks;

    /**
     * A limiter for {@code limits}, sharing its counts through {@code redis} if present.
     *
     * @param registry where {@code helix_ratelimit_fallbacks_total} is recorded
     */
    public RateLimiter(
            HelixConfig.Limits limits, Optional<RedisConnection> redis, Clock clock, MeterRegistry registry) {
        for (RouteClass c : RouteClass.values()) {
            Rate rate = limits.forClass(c).rate();
            if (!rate.off()) {
                String quoted = "\"" + c.id() + "\"";
                lanes.put(
                        c,
                        new Lane(
                                rate,
                                new LocalBuckets(rate, clock),
                                quoted + ";q=" + rate.limit() + ";w=" + rate.periodSeconds(),
                                quoted + ";r="));
            }
        }
        this.shared = redis.map(r -> new SharedBuckets(r, "rate limits", limits.redisTimeout()))
                .orElse(null);
        this.fallbacks = Counter.builder(FALLBACKS)
                .description("Rate-limit checks answered by this node's own buckets because Redis did not answer")
                .register(registry);
    }

    /** Whether requests of {@code routeClass} are rate limited at all. */
    public boolean limits(RouteClass routeClass) {
        return lanes.containsKey(routeClass);
    }

    /** The rate of {@code routeClass}, {@link Rate#OFF} if it has none. */
    public Rate rate(RouteClass routeClass) {
        Lane lane = lanes.get(routeClass);
        return lane == null ? Rate.OFF : lane.rate();
    }

    /** Whether counts are kept in Redis (and Redis is answering). */
    public boolean shared() {
        return shared != null && !shared.down();
    }

    /**
     * Takes one request from the quota of {@code who} (an API key id or client address) in {@code routeClass}, which
     * must be {@linkplain #limits limited}.
     */
    public Verdict check(RouteClass routeClass, String who) {
        Lane lane = lane(routeClass);
        if (shared != null) {
            Verdict verdict = shared.take(routeClass, lane.rate(), who);
            if (verdict != null) {
                return verdict;
            }
            fallbacks.increment();
        }
        return lane.local().take(who);
    }

    /** The {@code RateLimit-Policy} value of {@code routeClass}: {@code "gateway";q=6000;w=60}. */
    public String policyHeader(RouteClass routeClass) {
        return lane(routeClass).policy();
    }

    /** The {@code RateLimit} value after {@code verdict}: {@code "gateway";r=5999;t=1}. */
    public String stateHeader(RouteClass routeClass, Verdict verdict) {
        return lane(routeClass).prefix() + verdict.remaining() + ";t=" + verdict.secondsToNext();
    }

    private Lane lane(RouteClass routeClass) {
        return Objects.requireNonNull(lanes.get(routeClass), routeClass.id());
    }
}
