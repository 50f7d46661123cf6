package dev.helix.monitor.advice;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent a recommendation is. */
public enum Severity {
    /** Tuning that would help; nothing is wrong. */
    INFO,
    /** Users are likely to notice: slow answers, errors, lost events. */
    WARNING,
    /** Helix is close to failing: out of memory, most calls failing. */
    CRITICAL;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
