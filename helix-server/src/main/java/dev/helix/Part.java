package dev.helix;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A component that makes one object when it starts and stops it when it stops. Parts wired later read the object
 * with {@link #get()} from within their own start, so wiring itself makes nothing.
 *
 * @param <T> the object made; an {@link java.util.Optional} when the part may be absent from a configuration
 */
final class Part<T> implements Component {
    private final String name;
    private final Supplier<T> factory;
    private final Stopper<T> stopper;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile @Nullable T value;

    /** How a part's object is stopped. */
    @FunctionalInterface
    interface Stopper<T> {
        void stop(T value) throws Exception;
    }

    private Part(String name, Supplier<T> factory, Stopper<T> stopper) {
        this.name = name;
        this.factory = factory;
        this.stopper = stopper;
    }

    /** A part whose object {@code factory} makes on start; closed on stop if it is {@link AutoCloseable}. */
    static <T> Part<T> of(String name, Supplier<T> factory) {
        return new Part<>(name, factory, value -> {
            if (value instanceof AutoCloseable closeable) {
                closeable.close();
            }
        });
    }

    /** A part whose object {@code stopper} stops (it is not called when the part never started). */
    static <T> Part<T> of(String name, Supplier<T> factory, Stopper<T> stopper) {
        return new Part<>(name, factory, stopper);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        value = Objects.requireNonNull(factory.get(), name);
    }

    /** The object made on start; throws before start. */
    T get() {
        T made = value;
        if (made == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return made;
    }

    /** The object made on start, or null before start (for checks that may run while Helix starts). */
    @Nullable
    T orNull() {
        return value;
    }

    /** Stops the object once: a part may be stopped early by another part, and then its own stop does nothing. */
    @Override
    public void stop() throws Exception {
        T made = value;
        if (made != null && stopped.compareAndSet(false, true)) {
            stopper.stop(made);
        }
    }
}
