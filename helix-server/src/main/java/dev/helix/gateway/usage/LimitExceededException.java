package dev.helix.gateway.usage;

import dev.helix.auth.BudgetPeriod;
import dev.helix.auth.KeyLimits;
import dev.helix.internal.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An API key is over one of its limits, so a request was refused before it was sent to a provider. The gateway
 * answers it with 429 and {@code Retry-After: }{@link #retryAfter(Clock)}; {@link #details()} are the members to
 * add to the error body.
 */
public final class LimitExceededException extends RuntimeException {
    /** Spend in the current period has reached the budget. */
    public static final String BUDGET = "budget";
    /** Requests per minute. */
    public static final String RPM = "rpm";
    /** Tokens per minute. */
    public static final String TPM = "tpm";

    private final String kind;
    private final String keyId;
    private final double limit;
    private final double current;
    private final Instant resetAt;

    LimitExceededException(String kind, String keyId, double limit, double current, Instant resetAt, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.keyId = keyId;
        this.limit = limit;
        this.current = current;
        this.resetAt = resetAt;
    }

    static LimitExceededException budget(String keyId, KeyLimits limits, double spentUsd, Instant resetAt) {
        double budgetUsd = Objects.requireNonNull(limits.budgetUsd(), "a budget is set");
        BudgetPeriod period = Objects.requireNonNull(limits.period(), "a budget has a period");
        return new LimitExceededException(
                BUDGET,
                keyId,
                budgetUsd,
                spentUsd,
                resetAt,
                "key " + keyId
                        + " has spent $" + Money.format(spentUsd) + " of its $" + Money.format(budgetUsd) + " "
                        + period.adjective() + " budget; it resets at " + resetAt);
    }

    static LimitExceededException requests(String keyId, int rpm, Instant resetAt) {
        return new LimitExceededException(
                RPM,
                keyId,
                rpm,
                rpm,
                resetAt,
                "key " + keyId + " has used its " + rpm + " requests per minute (rpm); the next request is allowed at "
                        + resetAt);
    }

    static LimitExceededException tokens(String keyId, int tpm, long used, long needed, Instant resetAt) {
        return new LimitExceededException(
                TPM,
                keyId,
                tpm,
                used,
                resetAt,
                "key " + keyId + " has used " + used
                        + " of its " + tpm + " tokens per minute (tpm) and this request needs an estimated " + needed
                        + "; enough are free again at " + resetAt);
    }

    /** Which limit: {@link #BUDGET}, {@link #RPM} or {@link #TPM}. */
    public String kind() {
        return kind;
    }

    /** The refusal to record for the request: {@link Refusal#BUDGET}, {@link Refusal#RPM} or {@link Refusal#TPM}. */
    public Refusal refusal() {
        return switch (kind) {
            case BUDGET -> Refusal.BUDGET;
            case RPM -> Refusal.RPM;
            default -> Refusal.TPM;
        };
    }

    public String keyId() {
        return keyId;
    }

    /** The limit: the budget in US dollars, or requests or tokens per minute. */
    public double limit() {
        return limit;
    }

    /** Where the key stands: its spend in US dollars this period, or requests or tokens counted in the window. */
    public double current() {
        return current;
    }

    /** When a request like this one will be allowed again: the next period's start for a budget. */
    public Instant resetAt() {
        return resetAt;
    }

    /** How long to wait, in whole seconds rounded up and at least one, for {@code Retry-After}. */
    public Duration retryAfter(Clock clock) {
        long millis = Duration.between(clock.instant(), resetAt).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /**
     * {@code kind}, {@code keyId}, {@code limit}, {@code current} and {@code resetAt}, for the 429 body; amounts of
     * dollars are values Jackson writes as plain decimal numbers.
     */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", kind);
        d.put("keyId", keyId);
        d.put("limit", number(limit));
        d.put("current", number(current));
        d.put("resetAt", resetAt.toString());
        return d;
    }

    /** Dollars as a plain decimal number; request and token counts as whole numbers. */
    private Object number(double value) {
        if (kind.equals(BUDGET)) {
            return Money.jsonValue(value);
        }
        return (long) value;
    }
}
