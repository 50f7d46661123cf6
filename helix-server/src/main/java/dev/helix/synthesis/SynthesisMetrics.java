package dev.helix.synthesis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Synthesis meters: {@value #RUNS} by {@code outcome} (how each attempt ended); the timer {@value #DURATION}, a
 * run's own work with the time spent waiting for the model left out; {@value #CHANGES} by {@code action}; and the
 * gauge {@value #SPEND_TODAY}, what runs on every node spent this UTC day as this node last read it.
 */
public final class SynthesisMetrics {
    /** Attempts ended, by outcome. */
    public static final String RUNS = "helix.synthesis.runs";
    /** A run's own work, without the model's time. */
    public static final String DURATION = "helix.synthesis.run.duration";
    /** Memories changed by runs, by action. */
    public static final String CHANGES = "helix.synthesis.changes";
    /** US dollars runs spent this UTC day, on every node. */
    public static final String SPEND_TODAY = "helix.synthesis.spend.today";

    /** How an attempt ended. */
    enum Outcome {
        /** The run is done. */
        DONE,
        /** It failed and will be tried again. */
        RETRIED,
        /** It failed for good. */
        FAILED,
        /** The day's budget was spent: it waits for the next day. */
        DEFERRED,
        /** The maintenance mode came on: it waits. */
        PAUSED,
        /** Another node took the run while this one ran it: nothing this attempt did is written. */
        LOST
    }

    private static final java.time.Duration[] DURATION_BUCKETS = {
        java.time.Duration.ofMillis(5),
        java.time.Duration.ofMillis(10),
        java.time.Duration.ofMillis(25),
        java.time.Duration.ofMillis(50),
        java.time.Duration.ofMillis(100),
        java.time.Duration.ofMillis(250),
        java.time.Duration.ofMillis(500),
        java.time.Duration.ofSeconds(1),
        java.time.Duration.ofSeconds(5)
    };

    private final Map<Outcome, Counter> runs = new EnumMap<>(Outcome.class);
    private final Map<SynthesisPrompts.Action, Counter> changes = new EnumMap<>(SynthesisPrompts.Action.class);
    private final Timer duration;
    private final AtomicLong spentNanos = new AtomicLong();

    SynthesisMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            runs.put(
                    o,
                    Counter.builder(RUNS)
                            .description("Memory synthesis attempts ended, by outcome")
                            .tag("outcome", o.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        for (SynthesisPrompts.Action a : SynthesisPrompts.Action.values()) {
            changes.put(
                    a,
                    Counter.builder(CHANGES)
                            .description("Memories changed by synthesis, by action (none: already remembered)")
                            .tag("action", a.name().toLowerCase(Locale.ROOT))
                            .register(registry));
        }
        duration = Timer.builder(DURATION)
                .description("A synthesis run's own work, without the time spent waiting for the model")
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
        Gauge.builder(SPEND_TODAY, spentNanos, n -> n.get() / 1e9)
                .description("US dollars memory synthesis spent this UTC day, on every node")
                .baseUnit("usd")
                .register(registry);
    }

    void ended(Outcome outcome) {
        java.util.Objects.requireNonNull(runs.get(outcome)).increment();
    }

    void changed(SynthesisRun.Changes c) {
        count(SynthesisPrompts.Action.ADD, c.added().size());
        count(SynthesisPrompts.Action.UPDATE, c.updated().size());
        count(SynthesisPrompts.Action.INVALIDATE, c.invalidated().size());
        count(SynthesisPrompts.Action.NONE, c.unchanged());
    }

    private void count(SynthesisPrompts.Action action, int n) {
        java.util.Objects.requireNonNull(changes.get(action)).increment(n);
    }

    void worked(long nanos) {
        duration.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    void spentToday(long nanos) {
        spentNanos.set(nanos);
    }
}
