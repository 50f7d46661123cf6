package dev.helix.maintenance;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The read-only maintenance mode as stored for the whole cluster: whether it is on, what refused writes are told,
 * since when it holds, who set it, and its version (how many times it has changed).
 *
 * @param enabled    whether writes are refused
 * @param message    what a refused write is told (its problem's {@code detail}); null while off
 * @param retryAfter the seconds a refused write is told to wait ({@code Retry-After}); 0 while off
 * @param since      when it was last turned on (while on) or off (while off); null if it never changed
 * @param by         the API key that made the last change; null for an operator at the command line, or never
 * @param version    0 as first stored, one more with each change
 */
public record Maintenance(
        boolean enabled,
        @Nullable String message,
        int retryAfter,
        @Nullable Instant since,
        @Nullable String by,
        long version) {
    /** What a refused write is told when the admin gives no message. */
    public static final String DEFAULT_MESSAGE = "Helix is read-only for maintenance; retry later";
    /** The seconds a refused write is told to wait when the admin says nothing. */
    public static final int DEFAULT_RETRY_AFTER = 300;
    /** The longest wait a refused write may be told: a day. */
    public static final int MAX_RETRY_AFTER = 86_400;
    /** The longest message, in characters (Unicode code points). */
    public static final int MAX_MESSAGE = 1_000;

    /** Off, as first stored. */
    static final Maintenance OFF = new Maintenance(false, null, 0, null, null, 0);

    public Maintenance {
        if (enabled) {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The mode once turned on with {@code newMessage} and {@code newRetryAfter} by {@code actor} at {@code at}: this
     * very instance if it is already on with both (nothing to change). Turning it on again with another message keeps
     * its {@code since}.
     */
    Maintenance on(String newMessage, int newRetryAfter, @Nullable String actor, Instant at) {
        if (enabled && newMessage.equals(message) && newRetryAfter == retryAfter) {
            return this;
        }
        return new Maintenance(true, newMessage, newRetryAfter, enabled ? since : at, actor, version + 1);
    }

    /** The mode once turned off by {@code actor} at {@code at}: this very instance if it is off already. */
    Maintenance off(@Nullable String actor, Instant at) {
        return enabled ? new Maintenance(false, null, 0, at, actor, version + 1) : this;
    }

    /** What anyone may see of it: {@code enabled, message, retryAfter, since} (message and retryAfter null while off). */
    public Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("enabled", enabled);
        view.put("message", message);
        view.put("retryAfter", enabled ? retryAfter : null);
        view.put("since", since);
        return view;
    }

    /** What {@code /status} shows of it: {@code enabled, message, since}. */
    public Map<String, Object> status() {
        Map<String, Object> status = view();
        status.remove("retryAfter");
        return status;
    }
}
