package dev.helix.bus;

import java.util.function.Consumer;

/**
 * Publish/subscribe for {@link Event}s. Publishing never blocks and never fails because of a subscriber; each
 * subscriber receives events in the order they were published. The in-process implementation is
 * {@link InProcessEventBus}; a multi-node transport implements the same interface.
 */
public interface EventBus extends AutoCloseable {
    /** Delivers {@code event} to every subscriber whose pattern matches its type. */
    void publish(Event event);

    /**
     * Subscribes {@code handler} to event types matching {@code pattern}: an exact type ({@code state.changed}), a
     * prefix ending in {@code .*} ({@code state.*}), or {@code *} for all. {@code name} identifies the subscriber in
     * logs and metrics.
     */
    Subscription subscribe(String name, String pattern, Consumer<Event> handler);

    @Override
    void close();

    /** A live subscription; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        /** Events dropped because this subscriber's queue was full. */
        long dropped();

        @Override
        void close();
    }
}
