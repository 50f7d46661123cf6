package dev.helix.monitor.advice;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One piece of advice.
 *
 * @param id             the rule and its subject, e.g. {@code cache-hit-rate:agents}
 * @param severity       how urgent
 * @param message        what was seen and what to do, in one or two sentences
 * @param evidence       the figures that led to it (window, counts, rates, thresholds)
 * @param configKey      the setting to change ({@code storage.poolSize}), or null when the fix is not a setting
 * @param suggestedValue a value to try for {@code configKey}, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendation(
        String id,
        Severity severity,
        String message,
        Map<String, Object> evidence,
        @Nullable String configKey,
        @Nullable String suggestedValue) {
    public Recommendation {
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
