package dev.helix.bus;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One subscription of the {@link InProcessEventBus}: a bounded queue and the virtual thread that drains it. */
final class Subscriber implements EventBus.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    private final String name;
    private final TypePattern pattern;
    private final Consumer<Event> handler;
    private final BlockingQueue<Event> queue;
    private final Consumer<Subscriber> onClose;
    private final AtomicLong dropped = new AtomicLong();
    private final Runnable onDrop;
    private final Thread worker;
    private volatile boolean full;

    Subscriber(
            String name,
            TypePattern pattern,
            Consumer<Event> handler,
            int capacity,
            Consumer<Subscriber> onClose,
            Runnable onDrop) {
        this.name = name;
        this.pattern = pattern;
        this.handler = handler;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
        this.onDrop = onDrop;
        this.worker = Thread.ofVirtual().name("bus-" + name).start(this::drain);
    }

    boolean matches(String type) {
        return pattern.matches(type);
    }

    void offer(Event event) {
        if (queue.offer(event)) {
            full = false;
            return;
        }
        long n = dropped.incrementAndGet();
        onDrop.run();
        if (!full) {
            full = true;
            LOG.warn(
                    "event subscriber '{}' is not keeping up: its queue is full, dropping {} for it ({} dropped so far)",
                    name,
                    event.type(),
                    n);
        }
    }

    private void drain() {
        while (true) {
            Event event;
            try {
                event = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                handler.accept(event);
            } catch (Throwable t) {
                LOG.error(
                        "event subscriber '{}' failed on {} (it keeps receiving later events)", name, event.type(), t);
            }
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() {
        onClose.accept(this);
        worker.interrupt();
    }
}
