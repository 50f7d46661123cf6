package dev.helix.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Windowed figures from cumulative Micrometer meters (counters and timers) that other parts of Helix own: how much
 * each grew over the last N minutes. The meters are read, never duplicated.
 *
 * <p>Implementation notes: {@link #sample()} (every {@link #SAMPLE_EVERY}) keeps the cumulative values of the
 * watched meters, for {@link #KEEP} back. A window of N minutes covers, like {@link RouteRecorder}'s, the current
 * minute so far and the N whole minutes before it: its figures are the values now minus those of the newest sample
 * taken at or before the start of that span (at most one sample period earlier), or of the oldest sample when none
 * is that old yet (then the window covers less, and says so). A sample at construction with every meter at zero
 * stands for "since start". A meter that went backwards (re-registered) counts from zero. Watched meters are matched by
 * name in Prometheus form without unit suffixes, so the Micrometer name {@code helix.cache.requests} and the
 * exposed {@code helix_cache_requests_total} are the same meter.
 */
final class MeterWindows {
    /** How often {@link #sample()} should run. */
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    /** How far back samples are kept: the longest window (up to 16 minutes) and one sample period. */
    static final Duration KEEP = Duration.ofMinutes(16).plus(SAMPLE_EVERY);

    private static final long MINUTE_MILLIS = 60_000;

    /**
     * The cumulative value of one meter.
     *
     * @param count        events counted
     * @param totalSeconds for timers, their total time
     * @param overSlo      for timers with a histogram boundary at the service level given at construction, events
     *                     above it
     */
    record Reading(double count, double totalSeconds, double overSlo) {
        static final Reading ZERO = new Reading(0, 0, 0);

        Reading minus(Reading base) {
            if (count < base.count) {
                return this;
            }
            return new Reading(
                    count - base.count, totalSeconds - base.totalSeconds, Math.max(0, overSlo - base.overSlo));
        }
    }

    /**
     * How watched meters grew over one window.
     *
     * @param seconds  the time the window covers
     * @param readings growth per meter
     */
    record Delta(double seconds, Map<Meter.Id, Reading> readings) {
        /** The growth of the meters named {@code name}, in Micrometer or Prometheus form (see {@link #baseName}). */
        Map<Meter.Id, Reading> named(String name) {
            String base = baseName(name);
            Map<Meter.Id, Reading> out = new HashMap<>();
            readings.forEach((id, r) -> {
                if (baseName(id.getName()).equals(base)) {
                    out.put(id, r);
                }
            });
            return out;
        }
    }

    private record Sample(long at, Map<Meter.Id, Reading> readings) {}

    private final MeterRegistry registry;
    private final Clock clock;
    private final Set<String> watched;
    private final double sloNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /**
     * Watches the meters named in {@code watched} (Micrometer or Prometheus form); for timers with a histogram
     * boundary at {@code slo}, also counts the events above it.
     */
    MeterWindows(MeterRegistry registry, Clock clock, Set<String> watched, Duration slo) {
        this.registry = registry;
        this.clock = clock;
        this.watched = watched.stream().map(MeterWindows::baseName).collect(Collectors.toUnmodifiableSet());
        this.sloNanos = slo.toNanos();
        samples.add(new Sample(clock.millis(), Map.of()));
    }

    /** Keeps the current values; drops samples no window needs any more. */
    synchronized void sample() {
        long now = clock.millis();
        samples.addLast(new Sample(now, read()));
        while (samples.size() > 1) {
            Iterator<Sample> it = samples.iterator();
            it.next();
            if (it.next().at() > now - KEEP.toMillis()) {
                break;
            }
            samples.removeFirst();
        }
    }

    /** How the watched meters grew over the window of {@code minutes} (1 to 15). */
    synchronized Delta delta(int minutes) {
        long now = clock.millis();
        long from = (now / MINUTE_MILLIS - minutes) * MINUTE_MILLIS;
        Sample base = samples.getFirst();
        for (Sample s : samples) {
            if (s.at() <= from) {
                base = s;
            }
        }
        Map<Meter.Id, Reading> current = read();
        Map<Meter.Id, Reading> grown = new HashMap<>();
        for (Map.Entry<Meter.Id, Reading> e : current.entrySet()) {
            grown.put(e.getKey(), e.getValue().minus(base.readings().getOrDefault(e.getKey(), Reading.ZERO)));
        }
        return new Delta(Math.max(0.001, (now - base.at()) / 1000.0), grown);
    }

    private Map<Meter.Id, Reading> read() {
        Map<Meter.Id, Reading> out = new HashMap<>();
        for (Meter meter : registry.getMeters()) {
            if (watched.contains(baseName(meter.getId().getName()))) {
                Reading r = reading(meter);
                if (r != null) {
                    out.put(meter.getId(), r);
                }
            }
        }
        return out;
    }

    private @Nullable Reading reading(Meter meter) {
        return switch (meter) {
            case Counter c -> new Reading(c.count(), 0, 0);
            case FunctionCounter c -> new Reading(c.count(), 0, 0);
            case Timer t -> timer(t);
            default -> null;
        };
    }

    private Reading timer(Timer t) {
        double count = t.count();
        double over = 0;
        for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
            if (b.bucket(TimeUnit.NANOSECONDS) == sloNanos) {
                over = Math.max(0, count - b.count());
            }
        }
        return new Reading(count, t.totalTime(TimeUnit.SECONDS), over);
    }

    /**
     * A meter's name as Prometheus shows it, without the {@code _total}, {@code _seconds} or {@code _bytes} suffix:
     * {@code hikaricp.connections.acquire} → {@code hikaricp_connections_acquire}.
     */
    static String baseName(String name) {
        String n = name.replace('.', '_').toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {"_total", "_seconds", "_bytes"}) {
            if (n.endsWith(suffix)) {
                return n.substring(0, n.length() - suffix.length());
            }
        }
        return n;
    }
}
