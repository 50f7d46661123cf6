package dev.helix.testing;

import dev.helix.HelixTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A UTC clock that stands still until a test moves it; safe to read from any thread. It also stands in for
 * {@link System#nanoTime()} through {@link #ticker()}, and for a timer through {@link #timer()}: {@link #advance}
 * moves both clocks and runs the timer's tasks that fall due (time passes), while {@link #jump} and {@link #set} move
 * only the wall clock, as when an operator or NTP corrects it. {@link #time()} gives all three to a Helix.
 */
public final class TestClock extends Clock {
    private final AtomicReference<Instant> now;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ManualTimer timer = new ManualTimer(this::nanoTime);

    public TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    public TestClock(String start) {
        this(Instant.parse(start));
    }

    /** Lets {@code d} pass: the wall clock and the ticker both move on by {@code d}. */
    public void advance(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("time does not pass backwards; jump(" + d + ") moves the wall clock");
        }
        now.updateAndGet(t -> t.plus(d));
        nanos.addAndGet(d.toNanos());
        timer.runDue();
    }

    /** Moves the wall clock by {@code d}, either way, without time passing: the ticker stays where it is. */
    public void jump(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    /** Sets the wall clock to {@code t} without time passing: the ticker stays where it is. */
    public void set(Instant t) {
        now.set(t);
    }

    /** The monotonic time in nanoseconds, as {@link System#nanoTime()} would say it. */
    public long nanoTime() {
        return nanos.get();
    }

    /** {@link #nanoTime()} as the ticker that Helix and its caches accept in place of {@code System::nanoTime}. */
    public LongSupplier ticker() {
        return this::nanoTime;
    }

    /** The timer whose periodic tasks run when time passes on this clock ({@link #advance}), and only then. */
    public ManualTimer timer() {
        return timer;
    }

    /** This clock as a Helix's wall clock, ticker and timer. */
    public HelixTime time() {
        return HelixTime.of(this, ticker()).withTimer(timer);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a TestClock is always UTC");
    }
}
