package dev.helix.monitor;

import dev.helix.http.RequestObserver;
import dev.helix.monitor.advice.Figures;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * Per-route latency, request counts and errors over the last 1, 5 and 15 minutes, recorded for every request.
 *
 * <p>Implementation notes: each (method, route template) has a ring of {@link #SLOTS} one-minute slots, indexed by
 * minute since the epoch modulo the ring size. A slot is one {@link AtomicLongArray}: a count per
 * {@link LatencyBuckets} bucket plus 4xx and 5xx counters. Recording is two map reads, a clock read and two or three
 * atomic increments, with no lock and no allocation except once per route and minute, when the thread that first
 * sees a new minute swaps a fresh slot into the ring (compare-and-set; a slot is never cleared in place, so no count
 * can be lost to a reset). A window of N minutes merges the slots of the current minute and the N before it, so it
 * covers between N and N + 1 minutes (less just after start) and the rate is divided by exactly that time.
 * Slots older than the ring are simply overwritten. The number of series is bounded: route templates are fixed at
 * start, every unmatched request is one series whatever its method, and past {@link #MAX_SERIES} (which only a bug
 * could reach) requests go to one shared series.
 */
public final class RouteRecorder implements RequestObserver {
    /** Slots per series: the current minute and the 15 before it. */
    public static final int SLOTS = 16;
    /** Most (method, route) series kept apart. */
    public static final int MAX_SERIES = 1_000;
    /** The longest window, in minutes. */
    public static final int MAX_WINDOW_MINUTES = SLOTS - 1;

    static final String UNMATCHED = "UNMATCHED";
    private static final long MINUTE_MILLIS = 60_000;
    private static final int CLIENT_ERRORS = LatencyBuckets.COUNT;
    private static final int SERVER_ERRORS = LatencyBuckets.COUNT + 1;
    private static final int SLOT_LENGTH = LatencyBuckets.COUNT + 2;

    private final Clock clock;
    private final long startedAt;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Series>> routes = new ConcurrentHashMap<>();
    private final AtomicInteger seriesCount = new AtomicInteger();
    private final Series overflow = new Series("*", "OTHER");

    public RouteRecorder(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.millis();
    }

    @Override
    public void served(String method, String route, int status, long nanos) {
        long minute = clock.millis() / MINUTE_MILLIS;
        series(method, route).add(minute, LatencyBuckets.index(nanos / 1_000), status);
    }

    private Series series(String method, String route) {
        String m = UNMATCHED.equals(route) ? "*" : method;
        ConcurrentHashMap<String, Series> byMethod = routes.get(route);
        Series s = byMethod == null ? null : byMethod.get(m);
        return s != null ? s : create(m, route);
    }

    private Series create(String method, String route) {
        if (seriesCount.get() >= MAX_SERIES) {
            return overflow;
        }
        return routes.computeIfAbsent(route, r -> new ConcurrentHashMap<>()).computeIfAbsent(method, m -> {
            seriesCount.incrementAndGet();
            return new Series(m, route);
        });
    }

    /** Every series with requests in the last 15 minutes, by route then method. */
    public List<Figures.Route> figures() {
        long now = clock.millis();
        List<Figures.Route> out = new ArrayList<>();
        List<Series> all = new ArrayList<>();
        routes.values().forEach(m -> all.addAll(m.values()));
        all.add(overflow);
        all.sort(Comparator.comparing((Series s) -> s.route).thenComparing(s -> s.method));
        for (Series s : all) {
            Figures.RouteWindow longest = window(s, now, MAX_WINDOW_MINUTES);
            if (longest.requests() > 0) {
                out.add(new Figures.Route(
                        s.method, s.route, new Figures.Windowed<>(window(s, now, 1), window(s, now, 5), longest)));
            }
        }
        return out;
    }

    /** One series over the last {@code minutes} (1 to 15); empty figures if it has never served. */
    public Figures.RouteWindow window(String method, String route, int minutes) {
        ConcurrentHashMap<String, Series> byMethod = routes.get(route);
        Series s = byMethod == null ? null : byMethod.get(UNMATCHED.equals(route) ? "*" : method);
        return window(s == null ? new Series(method, route) : s, clock.millis(), minutes);
    }

    private Figures.RouteWindow window(Series s, long now, int minutes) {
        if (minutes < 1 || minutes > MAX_WINDOW_MINUTES) {
            throw new IllegalArgumentException("a window is 1 to " + MAX_WINDOW_MINUTES + " minutes, not " + minutes);
        }
        long[] merged = s.merge(now / MINUTE_MILLIS, minutes);
        long requests = 0;
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            requests += merged[i];
        }
        double seconds = Math.min(minutes * 60.0 + (now % MINUTE_MILLIS) / 1000.0, (now - startedAt) / 1000.0);
        seconds = Math.max(seconds, 0.001);
        return new Figures.RouteWindow(
                round(seconds),
                requests,
                round(requests / seconds),
                percentile(merged, requests, 0.50),
                percentile(merged, requests, 0.95),
                percentile(merged, requests, 0.99),
                merged[CLIENT_ERRORS],
                merged[SERVER_ERRORS],
                requests == 0 ? null : round4((double) merged[SERVER_ERRORS] / requests));
    }

    /** The {@code q} quantile in milliseconds, or null without requests. */
    private static @Nullable Double percentile(long[] counts, long total, double q) {
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < LatencyBuckets.COUNT; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return round(LatencyBuckets.representative(i) / 1_000.0);
            }
        }
        return round(LatencyBuckets.representative(LatencyBuckets.OVERFLOW) / 1_000.0);
    }

    private static double round(double v) {
        return Math.round(v * 1_000.0) / 1_000.0;
    }

    private static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }

    /** One minute's counts of one series. */
    private static final class Slot {
        final long minute;
        final AtomicLongArray counts = new AtomicLongArray(SLOT_LENGTH);

        Slot(long minute) {
            this.minute = minute;
        }
    }

    /** The ring of one (method, route). */
    private static final class Series {
        final String method;
        final String route;
        final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(SLOTS);

        Series(String method, String route) {
            this.method = method;
            this.route = route;
        }

        void add(long minute, int bucket, int status) {
            AtomicLongArray counts = slot(minute).counts;
            counts.getAndIncrement(bucket);
            if (status >= 500) {
                counts.getAndIncrement(SERVER_ERRORS);
            } else if (status >= 400) {
                counts.getAndIncrement(CLIENT_ERRORS);
            }
        }

        private Slot slot(long minute) {
            int i = (int) (minute & (SLOTS - 1));
            Slot s = slots.get(i);
            if (s != null && s.minute >= minute) {
                return s;
            }
            Slot fresh = new Slot(minute);
            while (true) {
                if (slots.compareAndSet(i, s, fresh)) {
                    return fresh;
                }
                s = slots.get(i);
                if (s != null && s.minute >= minute) {
                    return s;
                }
            }
        }

        /** The counts of the slots of minutes {@code now - minutes} to {@code now}, summed. */
        long[] merge(long now, int minutes) {
            long[] merged = new long[SLOT_LENGTH];
            for (int i = 0; i < SLOTS; i++) {
                Slot s = slots.get(i);
                if (s != null && s.minute <= now && s.minute >= now - minutes) {
                    for (int j = 0; j < SLOT_LENGTH; j++) {
                        merged[j] += s.counts.get(j);
                    }
                }
            }
            return merged;
        }
    }
}
