package dev.helix.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something that happens in the background, such as a reload after a file is written. */
public final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(20);

    private Await() {
    }

    /** Polls {@code value} until {@code done} accepts it; fails with the last value after 20 seconds. */
    public static <T> T until(Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " after " + LIMIT.toSeconds() + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = value.get();
        }
        return last;
    }
}
