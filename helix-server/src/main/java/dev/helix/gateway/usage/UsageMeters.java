package dev.helix.gateway.usage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accounting's meters and its failure logging: {@code helix_gateway_usage_pending} (records waiting to be
 * written), {@code helix_gateway_usage_write_failures_total}, {@code helix_gateway_usage_dropped_total} and
 * {@code helix_gateway_limit_rejections_total{kind}}.
 */
final class UsageMeters {
    /** Gauge: usage records waiting to be written. */
    public static final String PENDING = "helix.gateway.usage.pending";
    /** Counter: failed writes of a batch of usage records. */
    public static final String WRITE_FAILURES = "helix.gateway.usage.write.failures";
    /** Counter: usage records not kept because too many were waiting while writes failed. */
    public static final String DROPPED = "helix.gateway.usage.dropped";
    /** Counter: requests refused because the API key was over a limit, by {@code kind}. */
    public static final String LIMIT_REJECTIONS = "helix.gateway.limit.rejections";

    private static final Logger LOG = LoggerFactory.getLogger(Accounting.class);
    private final Counter writeFailures;
    private final Counter dropped;
    private final Map<String, Counter> rejections;
    private final AtomicBoolean droppingLogged = new AtomicBoolean();

    UsageMeters(MeterRegistry registry, AtomicInteger pending) {
        Gauge.builder(PENDING, pending, AtomicInteger::get)
                .description("LLM usage records waiting to be written to the database")
                .register(registry);
        writeFailures = Counter.builder(WRITE_FAILURES)
                .description("Failed writes of a batch of LLM usage records (the batch is retried)")
                .register(registry);
        dropped = Counter.builder(DROPPED)
                .description("LLM usage records not kept because too many were waiting while writes failed")
                .register(registry);
        rejections = Map.of(
                LimitExceededException.BUDGET,
                rejection(registry, LimitExceededException.BUDGET),
                LimitExceededException.RPM,
                rejection(registry, LimitExceededException.RPM),
                LimitExceededException.TPM,
                rejection(registry, LimitExceededException.TPM));
    }

    private static Counter rejection(MeterRegistry registry, String kind) {
        return Counter.builder(LIMIT_REJECTIONS)
                .tag("kind", kind)
                .description("LLM requests refused because the API key was over a limit, by kind")
                .register(registry);
    }

    LimitExceededException rejected(LimitExceededException e) {
        Objects.requireNonNull(rejections.get(e.kind()), e.kind()).increment();
        return e;
    }

    void writeFailed(int batchSize, int pending, boolean firstOfStreak, String cause) {
        writeFailures.increment();
        if (firstOfStreak) {
            LOG.warn(
                    "could not write {} LLM usage record(s) ({} waiting); keeping them and retrying on every flush: "
                            + "{}",
                    batchSize,
                    pending,
                    cause);
            droppingLogged.set(false);
        }
    }

    void dropped(UsageRecord record, int maxPending) {
        dropped.increment();
        if (droppingLogged.compareAndSet(false, true)) {
            LOG.error(
                    "{} LLM usage records are waiting and the database is not taking them; dropping new records "
                            + "(counted in helix_gateway_usage_dropped_total) until writes succeed again; first dropped: "
                            + "request {} of key {}",
                    maxPending,
                    record.requestId(),
                    record.keyId());
        }
    }
}
