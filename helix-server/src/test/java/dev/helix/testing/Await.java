package dev.helix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for something that happens in the background, such as a reload after a file is written. */
public final class Await {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final long POLL_MILLIS = 20;

    private Await() {}

    /** Polls {@code value} until {@code done} accepts it; fails with the last value after 20 seconds. */
    public static <T> T until(Supplier<T> value, Predicate<T> done) {
        return until(LIMIT, value, done);
    }

    /** Polls {@code value} until {@code done} accepts it; fails with the last value after {@code limit}. */
    public static <T> T until(Duration limit, Supplier<T> value, Predicate<T> done) {
        long deadline = System.nanoTime() + limit.toNanos();
        T last = value.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " after " + limit.toMillis() + " ms");
            }
            pause();
            last = value.get();
        }
        return last;
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after 20 seconds. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, LIMIT, condition);
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code limit}. */
    public static void until(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting after " + limit.toMillis() + " ms for " + what);
            }
            pause();
        }
    }

    /** Reads the text of {@code file} each time it is asked: empty while the file does not exist. */
    public static Supplier<String> textOf(Path file) {
        return () -> {
            try {
                return Files.exists(file) ? Files.readString(file) : "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
