package dev.helix.monitor.advice;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A route that answered more than {@link #ERROR_RATE_LIMIT} of its requests with a 5xx over the last 5 minutes.
 * 4xx answers are the callers' mistakes and are not judged. Names the worst route and lists the others.
 */
public final class RouteErrorRateRule implements Rule {
    /** The share of 5xx answers above which a route needs attention. */
    public static final double ERROR_RATE_LIMIT = 0.05;
    /** The share above which it is critical. */
    public static final double ERROR_RATE_CRITICAL = 0.25;
    /** Fewer requests than this in 5 minutes are too few to judge. */
    public static final long MIN_REQUESTS = 50;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        List<Figures.Route> failing = figures.routes().stream()
                .filter(r -> r.windows().last5Minutes().requests() >= MIN_REQUESTS)
                .filter(r -> Objects.requireNonNull(r.windows().last5Minutes().errorRate()) > ERROR_RATE_LIMIT)
                .sorted(Comparator.comparingDouble(
                                (Figures.Route r) -> r.windows().last5Minutes().errorRate())
                        .reversed())
                .toList();
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        Figures.Route worst = failing.getFirst();
        Figures.RouteWindow w = worst.windows().last5Minutes();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("route", worst.name());
        evidence.put("window", "5m");
        evidence.put("requests", w.requests());
        evidence.put("serverErrors", w.serverErrors());
        evidence.put("errorRate", w.errorRate());
        evidence.put("limit", ERROR_RATE_LIMIT);
        if (failing.size() > 1) {
            evidence.put(
                    "alsoFailing",
                    failing.subList(1, failing.size()).stream()
                            .map(Figures.Route::name)
                            .toList());
        }
        String message = worst.name() + " answered " + Format.percent(Objects.requireNonNull(w.errorRate())) + " of "
                + Format.count(w.requests()) + " requests with a server error over the last 5 minutes: the "
                + "WARN and ERROR log lines of those requests (by request id) say why.";
        Severity severity = w.errorRate() > ERROR_RATE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Recommendation("route-errors:" + worst.name(), severity, message, evidence, null, null));
    }
}
