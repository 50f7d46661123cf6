package dev.helix.cache;

import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventBus} that lets the response cache see every event in the publisher's thread, before the event is
 * queued for subscribers: a write that publishes its event has invalidated the cached responses it affects by the
 * time it answers, so its writer's next read is never served the old body. The cache's work here is a few counter
 * increments; a failure in it is logged and never stops the publication.
 */
final class InvalidatingBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InvalidatingBus.class);

    private final EventBus bus;
    private final Consumer<Event> first;

    InvalidatingBus(EventBus bus, Consumer<Event> first) {
        this.bus = bus;
        this.first = first;
    }

    @Override
    public void publish(Event event) {
        try {
            first.accept(event);
        } catch (Throwable t) {
            LOG.warn("response cache could not handle event {}: {}", event.type(), t.toString());
        }
        bus.publish(event);
    }

    @Override
    public Subscription subscribe(String name, String pattern, Consumer<Event> handler) {
        return bus.subscribe(name, pattern, handler);
    }

    @Override
    public void close() {
        bus.close();
    }
}
