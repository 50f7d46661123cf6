package dev.helix.auth;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The limit fields of a keys API body: {@code budgetUsd}, {@code period}, {@code rpm}, {@code tpm}. Each is absent
 * (Java null: keep), JSON {@code null} (remove) or a value, checked strictly: {@code "60"} or {@code 1.5} is not an
 * rpm. Problems name the field.
 *
 * @param budgetUsd a number of US dollars
 * @param period    {@code "day"} or {@code "month"}
 * @param rpm       a whole number of requests per minute
 * @param tpm       a whole number of tokens per minute
 */
record LimitsRequest(
        @Nullable JsonNode budgetUsd,
        @Nullable JsonNode period,
        @Nullable JsonNode rpm,
        @Nullable JsonNode tpm) {
    /** The limits of a new key. */
    KeyLimits toLimits() {
        return applyTo(KeyLimits.NONE);
    }

    /**
     * {@code current} with this request's fields applied. Removing the budget removes its period too; a new budget
     * without a period gets the current period, or a month.
     */
    KeyLimits applyTo(KeyLimits current) {
        Double budget = budgetUsd == null ? current.budgetUsd() : budget(budgetUsd);
        BudgetPeriod p = period == null ? (budget == null ? null : current.period()) : period(period);
        Integer r = rpm == null ? current.rpm() : whole("rpm", rpm);
        Integer t = tpm == null ? current.tpm() : whole("tpm", tpm);
        try {
            return new KeyLimits(budget, p, r, t);
        } catch (IllegalArgumentException e) {
            throw InvalidKeyRequestException.invalid(e.getMessage());
        }
    }

    private static @Nullable Double budget(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw InvalidKeyRequestException.invalid(
                    "budgetUsd must be a number of US dollars greater than 0 and " + "at most 1000000000, not " + node);
        }
        return node.doubleValue();
    }

    private static @Nullable BudgetPeriod period(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        try {
            return BudgetPeriod.parse(node.isTextual() ? node.textValue() : node.toString());
        } catch (IllegalArgumentException e) {
            throw InvalidKeyRequestException.invalid(e.getMessage());
        }
    }

    private static @Nullable Integer whole(String field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1) {
            throw InvalidKeyRequestException.invalid(
                    field + " must be a whole number from 1 to " + Integer.MAX_VALUE + ", not " + node);
        }
        return node.intValue();
    }
}
