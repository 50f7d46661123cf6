package dev.helix.maintenance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code PUT /api/v1/maintenance}, read strictly: {@code enabled} (required, true or false), and only
 * with {@code enabled: true}, {@code message} (a string) and {@code retryAfter} (whole seconds). Unknown members,
 * members given twice and malformed JSON are refused by the JSON reader; every other refusal names its member.
 *
 * @param enabled    whether to turn the mode on
 * @param message    what refused writes are told; absent or null for {@link Maintenance#DEFAULT_MESSAGE}
 * @param retryAfter seconds refused writes are told to wait; absent or null for
 *                   {@link Maintenance#DEFAULT_RETRY_AFTER}
 */
record MaintenanceBody(
        @Nullable JsonNode enabled,
        @Nullable JsonNode message,
        @Nullable JsonNode retryAfter) {
    /** Whether the body turns the mode on; throws naming {@code enabled} if it is missing or not a boolean. */
    boolean turnsOn() {
        if (enabled == null || enabled.isNull()) {
            throw new MaintenanceException("enabled", "is required: true to turn maintenance on, false to turn it off");
        }
        if (!enabled.isBoolean()) {
            throw new MaintenanceException("enabled", "must be true or false, not " + enabled);
        }
        if (!enabled.booleanValue()) {
            onlyWhenOn(message, "message");
            onlyWhenOn(retryAfter, "retryAfter");
        }
        return enabled.booleanValue();
    }

    /** The message, or the default one. */
    String text() {
        JsonNode value = given(message);
        if (value == null) {
            return Maintenance.DEFAULT_MESSAGE;
        }
        if (!value.isTextual()) {
            throw new MaintenanceException("message", "must be a string, not " + kind(value));
        }
        return value.textValue();
    }

    /** The seconds to wait, or the default; throws naming {@code retryAfter} if it is not a whole number in range. */
    int seconds() {
        JsonNode value = given(retryAfter);
        if (value == null) {
            return Maintenance.DEFAULT_RETRY_AFTER;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new MaintenanceException(
                    "retryAfter",
                    "must be a whole number of seconds from 1 to " + Maintenance.MAX_RETRY_AFTER + ", not " + value);
        }
        return value.intValue();
    }

    private static void onlyWhenOn(@Nullable JsonNode value, String name) {
        if (given(value) != null) {
            throw new MaintenanceException(name, "applies only when turning maintenance on (\"enabled\": true)");
        }
    }

    private static @Nullable JsonNode given(@Nullable JsonNode value) {
        return value == null || value.isNull() ? null : value;
    }

    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
