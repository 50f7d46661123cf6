package dev.helix.monitor.advice;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An LLM deployment whose calls failed for reasons of its provider (connection, timeout, 429, 5xx, 401/403/404, a
 * broken answer) at least {@link #ERROR_RATE_LIMIT} of the time over the last 5 minutes. Failover hides this from
 * clients but costs them time and retries; the provider needs checking. Names the worst deployment and lists the
 * others.
 */
public final class GatewayErrorRule implements Rule {
    /** The share of failed calls from which a provider needs checking. */
    public static final double ERROR_RATE_LIMIT = 0.20;
    /** The share above which it is critical. */
    public static final double ERROR_RATE_CRITICAL = 0.50;
    /** Fewer calls than this in 5 minutes are too few to judge. */
    public static final long MIN_CALLS = 20;

    @Override
    public Optional<Recommendation> evaluate(Figures figures) {
        if (figures.gateway() == null) {
            return Optional.empty();
        }
        List<Figures.Deployment> failing = figures.gateway().deployments().stream()
                .filter(d -> d.windows().last5Minutes().calls() >= MIN_CALLS)
                .filter(d -> Objects.requireNonNull(d.windows().last5Minutes().errorRate()) >= ERROR_RATE_LIMIT)
                .sorted(Comparator.comparingDouble((Figures.Deployment d) ->
                                d.windows().last5Minutes().errorRate())
                        .reversed())
                .toList();
        if (failing.isEmpty()) {
            return Optional.empty();
        }
        Figures.Deployment worst = failing.getFirst();
        Figures.DeploymentWindow w = worst.windows().last5Minutes();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("deployment", worst.deployment());
        evidence.put("provider", worst.provider());
        evidence.put("window", "5m");
        evidence.put("calls", w.calls());
        evidence.put("failed", w.failed());
        evidence.put("errorRate", w.errorRate());
        evidence.put("failures", w.failures());
        evidence.put("limit", ERROR_RATE_LIMIT);
        if (failing.size() > 1) {
            evidence.put(
                    "alsoFailing",
                    failing.subList(1, failing.size()).stream()
                            .map(Figures.Deployment::deployment)
                            .toList());
        }
        String reasons = w.failures().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        String message = "error rate on gateway deployment " + worst.deployment() + " "
                + Format.percent(Objects.requireNonNull(w.errorRate()))
                + " over the last 5 minutes (" + Format.count(w.failed()) + " of " + Format.count(w.calls())
                + " calls failed: " + reasons + "): check provider " + worst.provider()
                + " (its status, baseUrl and apiKey in " + SettingNames.GATEWAY_PROVIDERS
                + "), or list another deployment first.";
        Severity severity = w.errorRate() > ERROR_RATE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        return Optional.of(new Recommendation(
                "gateway-errors:" + worst.deployment(),
                severity,
                message,
                evidence,
                SettingNames.GATEWAY_PROVIDERS,
                null));
    }
}
