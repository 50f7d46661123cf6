package dev.helix.monitor.advice;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An event bus subscriber dropped events in the last 15 minutes: its queue filled because it could not keep up, so
 * whatever it feeds (real-time clients, cache invalidation) missed events. Any drop is worth knowing about. Names
 * the subscriber that dropped the most and lists the others.
 */
public final class BusDropRule implements Rule {
    /** Drops in 15 minutes from which advice is given. */
    public static final long MIN_DROPS = 1;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        if (figures.events() == null) {
            return Optional.empty();
        }
        Map<String, Long> dropped = figures.events().busDropped().last15Minutes();
        Optional<Map.Entry<String, Long>> worst = dropped.entrySet().stream()
                .filter(e -> e.getValue() >= MIN_DROPS)
                .max(Map.Entry.comparingByValue());
        if (worst.isEmpty()) {
            return Optional.empty();
        }
        String subscriber = worst.get().getKey();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", "15m");
        evidence.put("subscriber", subscriber);
        evidence.put("dropped", worst.get().getValue());
        evidence.put("droppedBySubscriber", dropped);
        String message = "event bus subscriber '" + subscriber + "' dropped "
                + Format.count(worst.get().getValue())
                + " events in the last 15 minutes because it could not keep up: what it feeds missed them. Find "
                + "what slows it (its WARN log lines name it) or publish fewer events.";
        return Optional.of(
                new Recommendation("bus-drops:" + subscriber, Severity.WARNING, message, evidence, null, null));
    }
}
