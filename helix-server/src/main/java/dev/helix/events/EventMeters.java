package dev.helix.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The event log's meters: {@code helix_events_written_total{type}} (events this node wrote, counted once read back
 * committed), {@code helix_events_published_total} (events put on this node's bus) and the gauge
 * {@code helix_events_reader_lag} (newest id known minus the last id published).
 */
final class EventMeters {
    /** Counter: events this node wrote, by {@code type}, counted once read back committed. */
    static final String WRITTEN = "helix.events.written";
    /** Counter: events read from the log and published on this node's bus. */
    static final String PUBLISHED = "helix.events.published";
    /** Gauge: how many ids the newest known event is ahead of the last one published here. */
    static final String READER_LAG = "helix.events.reader.lag";

    private final MeterRegistry registry;
    private final Map<String, Counter> written = new ConcurrentHashMap<>();
    private final Counter published;

    EventMeters(MeterRegistry registry) {
        this.registry = registry;
        this.published = Counter.builder(PUBLISHED)
                .description("Events read from the event log and published on this node's bus")
                .register(registry);
    }

    /** Registers the lag gauge, read from {@code reader}. */
    <T> void lag(T reader, ToDoubleFunction<T> lag) {
        Gauge.builder(READER_LAG, reader, lag)
                .description("How many event ids the newest event is ahead of the last one published here")
                .register(registry);
    }

    void published(String type, boolean writtenHere) {
        published.increment();
        if (writtenHere) {
            written.computeIfAbsent(
                            type,
                            t -> Counter.builder(WRITTEN)
                                    .tag("type", t)
                                    .description("Events written to the event log by this node, by type")
                                    .register(registry))
                    .increment();
        }
    }
}
