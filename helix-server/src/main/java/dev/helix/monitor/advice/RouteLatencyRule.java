package dev.helix.monitor.advice;

import dev.helix.conversations.ConversationsApi;
import dev.helix.gateway.GatewayApi;
import dev.helix.realtime.RealtimeApi;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A route whose p99 latency over the last 5 minutes is above {@link #P99_LIMIT_MS}. Routes whose time is not
 * Helix's own are left out: the LLM gateway ({@code /v1/...}, which waits for providers), sending a message to a
 * conversation (which waits for the agent's answer) and the streams ({@code /api/v1/events},
 * {@code /api/v1/realtime}, whose "latency" is how long a client stayed). Names the slowest route and lists the others.
 */
public final class RouteLatencyRule implements Rule {
    /** The p99 above which a route is slow. */
    public static final double P99_LIMIT_MS = 1_000;
    /** The p99 above which it is critical. */
    public static final double P99_CRITICAL_MS = 5_000;
    /** Fewer requests than this in 5 minutes are too few for a p99 worth judging. */
    public static final long MIN_REQUESTS = 100;
    /** Route templates starting with these are not judged. */
    public static final List<String> EXCLUDED_PREFIXES =
            List.of(GatewayApi.PREFIX, RealtimeApi.EVENTS, RealtimeApi.REALTIME);
    /** Routes ({@code METHOD template}) that are not judged either. */
    public static final List<String> EXCLUDED_ROUTES = List.of("POST " + ConversationsApi.MESSAGES);

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        List<Figures.Route> slow = figures.routes().stream()
                .filter(r -> EXCLUDED_PREFIXES.stream().noneMatch(r.route()::startsWith))
                .filter(r -> !EXCLUDED_ROUTES.contains(r.name()))
                .filter(r -> r.windows().last5Minutes().requests() >= MIN_REQUESTS)
                .filter(r -> Objects.requireNonNull(r.windows().last5Minutes().p99Ms()) > P99_LIMIT_MS)
                .sorted(Comparator.comparingDouble(
                                (Figures.Route r) -> r.windows().last5Minutes().p99Ms())
                        .reversed())
                .toList();
        if (slow.isEmpty()) {
            return Optional.empty();
        }
        Figures.Route worst = slow.getFirst();
        Figures.RouteWindow w = worst.windows().last5Minutes();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("route", worst.name());
        evidence.put("window", "5m");
        evidence.put("requests", w.requests());
        evidence.put("p50Ms", w.p50Ms());
        evidence.put("p95Ms", w.p95Ms());
        evidence.put("p99Ms", w.p99Ms());
        evidence.put("limitMs", P99_LIMIT_MS);
        if (slow.size() > 1) {
            evidence.put(
                    "alsoSlow",
                    slow.subList(1, slow.size()).stream()
                            .map(Figures.Route::name)
                            .toList());
        }
        if (figures.slowQueries() != null && !figures.slowQueries().isEmpty()) {
            evidence.put("slowestQuery", figures.slowQueries().getFirst().sql());
        }
        String message = worst.name() + " took " + Format.millis(Objects.requireNonNull(w.p99Ms()))
                + " at p99 over the last 5 minutes ("
                + Format.count(w.requests()) + " requests; p50 " + Format.millis(Objects.requireNonNull(w.p50Ms()))
                + "), above "
                + Format.millis(P99_LIMIT_MS) + ": look at the slowest queries and the database pool figures for "
                + "where the time goes.";
        Severity severity = w.p99Ms() > P99_CRITICAL_MS ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(
                new Recommendation("route-latency:" + worst.name(), severity, message, evidence, null, null));
    }
}
