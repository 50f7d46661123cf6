package dev.helix.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.helix.internal.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The limits of one API key; a null field means no limit of that kind. Every instance is valid: the constructor
 * checks the values and gives a budget without a period the period {@link BudgetPeriod#MONTH}.
 *
 * @param budgetUsd how many US dollars the key may spend per period: more than 0, at most {@link #MAX_BUDGET_USD}
 * @param period    the budget's period; only with a budget
 * @param rpm       requests per minute, at least 1
 * @param tpm       LLM tokens (prompt + completion) per minute, at least 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyLimits(
        @JsonSerialize(using = Money.Serializer.class) @Nullable
        Double budgetUsd,

        @Nullable BudgetPeriod period,
        @Nullable Integer rpm,
        @Nullable Integer tpm) {
    /** No limits at all. */
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null);
    /** The largest budget accepted, in US dollars. */
    public static final double MAX_BUDGET_USD = 1e9;

    public KeyLimits {
        if (budgetUsd != null && !(budgetUsd > 0 && budgetUsd <= MAX_BUDGET_USD)) {
            throw new IllegalArgumentException("budgetUsd must be a number of US dollars greater than 0 and at most "
                    + "1000000000, not " + budgetUsd);
        }
        if (period != null && budgetUsd == null) {
            throw new IllegalArgumentException("period needs a budget: give budgetUsd too");
        }
        period = budgetUsd != null && period == null ? BudgetPeriod.MONTH : period;
        requirePositive("rpm", rpm);
        requirePositive("tpm", tpm);
    }

    /** Whether any limit is set. */
    public boolean any() {
        return budgetUsd != null || rpm != null || tpm != null;
    }

    /** The budget in nano-dollars (1e-9 USD), the unit spend is counted in; only when a budget is set. */
    public long budgetNanos() {
        return Money.toNanos(Objects.requireNonNull(budgetUsd, "no budget is set"));
    }

    /** A short description for listings: {@code $20.00/month, 60 rpm, 200000 tpm}, or {@code none}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (budgetUsd != null && period != null) {
            parts.add("$" + Money.format(budgetUsd) + "/" + period.id());
        }
        if (rpm != null) {
            parts.add(rpm + " rpm");
        }
        if (tpm != null) {
            parts.add(tpm + " tpm");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void requirePositive(String field, @Nullable Integer value) {
        if (value != null && value < 1) {
            throw new IllegalArgumentException(
                    field + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", not " + value);
        }
    }
}
