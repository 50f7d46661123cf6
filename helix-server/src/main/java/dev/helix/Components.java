package dev.helix;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of a Helix in the order they start. {@link #start()} starts them one after the other and, if one fails,
 * stops those already started (in reverse) before rethrowing; {@link #stop()} stops them in reverse order. A part
 * that fails to stop is logged and the others still stop.
 */
final class Components {
    private static final Logger LOG = LoggerFactory.getLogger(Components.class);
    private final List<Component> order;
    private final List<Component> started = new ArrayList<>();

    Components(List<Component> order) {
        this.order = List.copyOf(order);
    }

    /** The parts, in start order. */
    List<Component> order() {
        return order;
    }

    synchronized void start() {
        for (Component part : order) {
            try {
                part.start();
            } catch (RuntimeException | Error e) {
                stop();
                throw e;
            }
            started.add(part);
        }
    }

    synchronized void stop() {
        while (!started.isEmpty()) {
            Component part = started.removeLast();
            try {
                part.stop();
            } catch (Exception e) {
                LOG.warn("could not stop {}: {}", part.name(), e.getMessage());
            }
        }
    }
}
