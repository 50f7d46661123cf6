package dev.helix.ratelimit;

import dev.helix.config.Rate;
import dev.helix.config.RouteClass;
import dev.helix.storage.RedisConnection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Token buckets kept in Redis, so that every node sharing it counts against the same quota: one Lua script call per
 * check, atomic in Redis, timed by Redis's own clock.
 *
 * <p>Implementation notes: a bucket is a hash {@code helix:rl:<class>:<caller>} holding {@code d}, the bucket's
 * "debt" in microseconds (how long until it is full again: 0 = full, the whole period = empty), and {@code t}, when
 * that was computed. A request costs one period/limit of debt and is admitted while the debt stays within the
 * period, which is a token bucket of {@code limit} units refilled greedily at {@code limit} per period — the same
 * semantics as {@link LocalBuckets} (this formulation is GCRA). A check can also need more than one unit and charge
 * a different number (more, to record a debt; fewer or negative, to give units back), for quotas counted in tokens.
 * Debts stay far below 2^53 µs, so doubles keep them exact to well under a microsecond; times are taken from Redis ({@code TIME}) so nodes with skewed clocks still agree.
 * The key expires when its debt has drained, when it would be a full bucket anyway.
 */
final class RedisBuckets {
    /** Prefix of every key Helix's rate limits write. */
    static final String PREFIX = "helix:rl:";

    static final String SCRIPT = """
            local limit = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local need = tonumber(ARGV[3])
            local charge = tonumber(ARGV[4])
            local unit = period / limit
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local state = redis.call('HMGET', KEYS[1], 'd', 't')
            local debt = tonumber(state[1]) or 0
            local at = tonumber(state[2]) or now
            if now > at then
              debt = math.max(0, debt - (now - at))
              at = now
            end
            if need > 0 and debt + need * unit > period + unit / 1000 then
              return {0, math.floor((period - debt) / unit + 0.001), math.ceil(debt + need * unit - period)}
            end
            debt = math.max(0, debt + charge * unit)
            redis.call('HSET', KEYS[1], 'd', string.format('%.17g', debt), 't', string.format('%.0f', at))
            redis.call('PEXPIRE', KEYS[1], math.ceil(debt / 1000) + 1000)
            return {1, math.floor((period - debt) / unit + 0.001), math.ceil(debt)}
            """;

    private final RedisConnection redis;
    private final String sha = sha1(SCRIPT);

    RedisBuckets(RedisConnection redis) {
        this.redis = redis;
    }

    /** Takes one unit from the bucket of {@code who} in {@code routeClass}; throws if Redis does not answer. */
    Verdict take(RouteClass routeClass, Rate rate, String who) {
        return take(routeClass.id() + ":" + who, rate, 1, 1);
    }

    /**
     * Checks that the bucket {@code name} has {@code need} units (0 = no check), and if so adds {@code charge}
     * units to it (negative: gives them back); throws if Redis does not answer. A refused check changes nothing.
     */
    Verdict take(String name, Rate rate, long need, long charge) {
        List<String> keys = List.of(PREFIX + name);
        long periodMicros = rate.period().toNanos() / 1000;
        List<String> args = List.of(
                Long.toString(rate.limit()), Long.toString(periodMicros), Long.toString(need), Long.toString(charge));
        Object reply;
        try {
            reply = redis.client().evalsha(sha, keys, args);
        } catch (JedisNoScriptException notLoaded) {
            reply = redis.client().eval(SCRIPT, keys, args);
        }
        List<?> r = (List<?>) reply;
        long remaining = ((Number) r.get(1)).longValue();
        long micros = ((Number) r.get(2)).longValue();
        if (((Number) r.get(0)).longValue() == 0) {
            return Verdict.refused(remaining, micros * 1000);
        }
        return Verdict.allowed(remaining, micros * 1000, periodMicros * 1000.0 / rate.limit());
    }

    private static String sha1(String script) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
