package dev.helix;

import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Where a Helix takes its time from: the wall clock (timestamps, budget periods, minute windows), the ticker
 * (nanoseconds, like {@link System#nanoTime()}: cache expiry, cool-downs) and, when given, the timer that runs its
 * periodic background work instead of its own timer thread. The system's by default; tests give a test clock and a
 * timer it drives.
 *
 * @param clock  the wall clock
 * @param ticker the monotonic time in nanoseconds
 * @param timer  the timer for periodic work; empty for Helix's own timer thread
 */
public record HelixTime(Clock clock, LongSupplier ticker, Optional<PeriodicTimer> timer) {
    /** The system's UTC clock and {@link System#nanoTime()}, with Helix's own timer thread. */
    public static HelixTime system() {
        return of(Clock.systemUTC(), System::nanoTime);
    }

    /** {@code clock} and {@code ticker}, with Helix's own timer thread. */
    public static HelixTime of(Clock clock, LongSupplier ticker) {
        return new HelixTime(clock, ticker, Optional.empty());
    }

    /** The same clock and ticker, with periodic work run by {@code periodic}. */
    public HelixTime withTimer(PeriodicTimer periodic) {
        return new HelixTime(clock, ticker, Optional.of(periodic));
    }
}
