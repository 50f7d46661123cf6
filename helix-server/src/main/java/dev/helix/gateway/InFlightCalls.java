package dev.helix.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Gateway requests in flight now, and the most that were in flight at once over the last {@link #MINUTES} minutes,
 * as the gauges {@code helix_gateway_calls_in_flight} and {@code helix_gateway_calls_in_flight_peak}. Each call in
 * flight holds memory while it waits for its provider, so the peak is what the heap must be sized for. Counting is
 * one increment and, when a minute's peak rises, one compare-and-set: cheap enough for every request.
 */
final class InFlightCalls {
    /** How far back the peak reaches. */
    static final int MINUTES = 15;

    private static final int COUNT_BITS = 24;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final Clock clock;
    private final AtomicInteger now = new AtomicInteger();
    /** Per minute slot: the minute's number (high bits) and its peak (low {@link #COUNT_BITS} bits). */
    private final AtomicLongArray peaks = new AtomicLongArray(MINUTES);

    InFlightCalls(Clock clock, MeterRegistry registry) {
        this.clock = clock;
        Gauge.builder(GatewayMetrics.CALLS_IN_FLIGHT, now, AtomicInteger::get)
                .description("Gateway requests being answered now")
                .register(registry);
        Gauge.builder(GatewayMetrics.CALLS_IN_FLIGHT_PEAK, this, InFlightCalls::peak)
                .description("Most gateway requests in flight at once over the last " + MINUTES + " minutes")
                .register(registry);
    }

    /** Runs {@code request}, counted as in flight while it runs. */
    void during(Runnable request) {
        started();
        try {
            request.run();
        } finally {
            finished();
        }
    }

    /** A request starts; pair with {@link #finished()}. */
    void started() {
        int count = now.incrementAndGet();
        long minute = clock.millis() / 60_000;
        int slot = (int) (minute % MINUTES);
        while (true) {
            long current = peaks.get(slot);
            long slotMinute = current >>> COUNT_BITS;
            if (slotMinute > minute || (slotMinute == minute && (current & COUNT_MASK) >= count)) {
                return;
            }
            long next = minute << COUNT_BITS | Math.min(count, COUNT_MASK);
            if (peaks.compareAndSet(slot, current, next)) {
                return;
            }
        }
    }

    /** A request ended. */
    void finished() {
        now.decrementAndGet();
    }

    /** Requests in flight now. */
    int now() {
        return now.get();
    }

    /** The most requests in flight at once over the last {@link #MINUTES} minutes (this one included). */
    int peak() {
        long minute = clock.millis() / 60_000;
        long most = now.get();
        for (int i = 0; i < MINUTES; i++) {
            long value = peaks.get(i);
            if (minute - (value >>> COUNT_BITS) < MINUTES) {
                most = Math.max(most, value & COUNT_MASK);
            }
        }
        return (int) most;
    }
}
