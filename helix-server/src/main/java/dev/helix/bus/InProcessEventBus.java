package dev.helix.bus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The single-node {@link EventBus}: each subscriber has a bounded queue drained by its own virtual thread.
 *
 * <p>Implementation notes: publish matches subscribers (a copy-on-write list, cheap to read) and offers the event to
 * each queue without waiting. When a subscriber's queue is full the event is dropped for that subscriber only,
 * counted ({@code helix_bus_dropped_total{subscriber}} when built with a registry), and logged once per burst — a
 * slow subscriber never slows the publisher or the others. A subscriber that throws is logged and keeps receiving
 * later events.
 */
public final class InProcessEventBus implements EventBus {
    /** Counter: events dropped for a subscriber whose queue was full, by {@code subscriber}. */
    public static final String DROPPED = "helix.bus.dropped";

    /** Queue length per subscriber when none is given. */
    public static final int DEFAULT_QUEUE = 10_000;

    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final int queueCapacity;
    private final MeterRegistry registry;
    private volatile boolean closed;

    public InProcessEventBus() {
        this(DEFAULT_QUEUE);
    }

    public InProcessEventBus(int queueCapacity) {
        this(queueCapacity, new CompositeMeterRegistry());
    }

    /** A bus that counts dropped events per subscriber in {@code registry}. */
    public InProcessEventBus(int queueCapacity, MeterRegistry registry) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queue capacity must be at least 1, not " + queueCapacity);
        }
        this.queueCapacity = queueCapacity;
        this.registry = registry;
    }

    @Override
    public void publish(Event event) {
        if (closed) {
            throw new IllegalStateException("the event bus is closed; cannot publish " + event.type());
        }
        for (Subscriber s : subscribers) {
            if (s.matches(event.type())) {
                s.offer(event);
            }
        }
    }

    @Override
    public Subscription subscribe(String name, String pattern, Consumer<Event> handler) {
        if (closed) {
            throw new IllegalStateException("the event bus is closed; cannot subscribe " + name);
        }
        Subscriber s = new Subscriber(
                name, TypePattern.parse(pattern), handler, queueCapacity, subscribers::remove, dropCounter(name));
        subscribers.add(s);
        return s;
    }

    private Runnable dropCounter(String name) {
        Counter c = Counter.builder(DROPPED)
                .tag("subscriber", name)
                .description("Events dropped for a subscriber whose queue was full")
                .register(registry);
        return c::increment;
    }

    @Override
    public void close() {
        closed = true;
        subscribers.forEach(Subscriber::close);
    }
}
