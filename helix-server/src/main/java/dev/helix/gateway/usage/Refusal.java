package dev.helix.gateway.usage;

import java.util.Locale;

/**
 * Why the gateway refused an LLM request without calling a provider. Recorded with the request's usage and counted
 * by reason in usage reports; the lower-case {@link #id()} is what the database and the reports hold.
 */
public enum Refusal {
    /** The key's spend this period had reached its budget. */
    BUDGET,
    /** The key had used its requests per minute. */
    RPM,
    /** The key had used its tokens per minute. */
    TPM,
    /** The request could not be served as asked: malformed, too large, an unknown model, a need no deployment has. */
    INVALID;

    /** {@code budget}, {@code rpm}, {@code tpm} or {@code invalid}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
