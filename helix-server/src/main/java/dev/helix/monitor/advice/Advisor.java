package dev.helix.monitor.advice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every rule over the figures: the recommendations, most severe first. A rule that fails is logged and
 * skipped.
 */
public final class Advisor {
    private static final Logger LOG = LoggerFactory.getLogger(Advisor.class);

    private final List<Rule> rules;

    public Advisor(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Helix's rules. */
    public static Advisor standard() {
        return new Advisor(List.of(
                new RouteLatencyRule(),
                new RouteErrorRateRule(),
                new CacheHitRateRule(),
                new PoolWaitRule(),
                new HeapAfterGcRule(),
                new GcOverheadRule(),
                new GatewayErrorRule(),
                new GatewayInFlightRule(),
                new BusDropRule(),
                new RealtimeSlowClientsRule()));
    }

    public List<Recommendation> advise(Figures figures) {
        List<Recommendation> out = new ArrayList<>();
        for (Rule rule : rules) {
            try {
                rule.evaluate(figures).ifPresent(out::add);
            } catch (RuntimeException e) {
                LOG.warn("tuning rule {} failed; skipped", rule.getClass().getSimpleName(), e);
            }
        }
        out.sort(Comparator.comparing(Recommendation::severity).reversed().thenComparing(Recommendation::id));
        return out;
    }
}
