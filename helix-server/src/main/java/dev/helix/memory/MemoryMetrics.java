package dev.helix.memory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Memory meters: the gauge {@value #ITEMS} (memories in this node's index: every owner's that have not ended), the
 * timer {@value #RETRIEVAL} (one retrieval of the memories relevant to a text) and the timer {@value #INDEX_LAG}
 * (from another node's change to this node's index holding it).
 */
public final class MemoryMetrics {
    /** Memories in this node's retrieval index. */
    public static final String ITEMS = "helix.memory.items";
    /** One retrieval of the memories relevant to a text. */
    public static final String RETRIEVAL = "helix.memory.retrieval";
    /** From another node's change of a memory to this node's index holding it. */
    public static final String INDEX_LAG = "helix.memory.index.lag";

    private static final Duration[] RETRIEVAL_BUCKETS = {
        Duration.ofNanos(100_000),
        Duration.ofNanos(250_000),
        Duration.ofNanos(500_000),
        Duration.ofMillis(1),
        Duration.ofMillis(2),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250)
    };

    private final Timer retrieval;
    private final Timer lag;

    MemoryMetrics(MeterRegistry registry, Supplier<Number> items) {
        Gauge.builder(ITEMS, items)
                .description("Memories in this node's retrieval index")
                .register(registry);
        retrieval = Timer.builder(RETRIEVAL)
                .description("Retrievals of the memories relevant to a text")
                .serviceLevelObjectives(RETRIEVAL_BUCKETS)
                .register(registry);
        lag = Timer.builder(INDEX_LAG)
                .description("From another node's change of a memory to this node's index holding it")
                .register(registry);
    }

    Timer retrieval() {
        return retrieval;
    }

    void followed(Duration behind) {
        lag.record(behind.isNegative() ? Duration.ZERO : behind);
    }
}
