package dev.helix.conversations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whom a conversation belongs to: the API key that made it and, optionally, the end user the key's application named
 * ({@code X-Helix-User}), so one application key serves many people without mixing them.
 *
 * @param keyId the id of the API key
 * @param user  the end user's id as the application gave it, or null for the key's own conversations
 */
public record Owner(String keyId, @Nullable String user) {
    /** What the {@code user_id} column holds for no user: end-user ids are never empty. */
    public static final String NO_USER = "";

    /** The owner {@code keyId} and, if present, {@code user} stand for. */
    public static Owner of(String keyId, Optional<String> user) {
        return new Owner(keyId, user.orElse(null));
    }

    /** The owner of a row: {@code column} is the {@code user_id} column, {@link #NO_USER} for none. */
    public static Owner fromColumns(String keyId, String column) {
        return new Owner(keyId, column.equals(NO_USER) ? null : column);
    }

    /** The value of the {@code user_id} column for this owner. */
    public String userColumn() {
        return user == null ? NO_USER : user;
    }

    /** The owner as events carry it: {@code {"key": …, "user": … or null}}. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", keyId);
        m.put("user", user);
        return m;
    }

    /**
     * The owner an event's data names (its {@code owner} member), if it has one: how real-time push learns whom a
     * conversation event is for, on this node or another.
     */
    public static Optional<Owner> ofEvent(Map<String, Object> data) {
        if (data.get("owner") instanceof Map<?, ?> owner && owner.get("key") instanceof String key) {
            return Optional.of(new Owner(key, owner.get("user") instanceof String user ? user : null));
        }
        return Optional.empty();
    }
}
