package dev.helix.realtime;

import dev.helix.access.Role;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Topics named {@code prefix + id}, one per id that exists, such as {@code agent:<id>}: the hub makes each when it is
 * first needed, and only keys of {@code role} (or above) may follow them.
 *
 * @param prefix   what every name starts with, e.g. {@code agent:}
 * @param role     the role a key needs to follow one
 * @param exists   whether an id names something that has a topic
 * @param snapshot the current content of the topic of an id, for subscriptions without {@code since} and resets
 */
public record TopicFamily(String prefix, Role role, Predicate<String> exists, Function<String, Object> snapshot) {
    /** Whether {@code name} is of this family (an id after the prefix). */
    boolean contains(String name) {
        return name.length() > prefix.length() && name.startsWith(prefix);
    }

    /** The id in {@code name}, one of this family's. */
    String id(String name) {
        return name.substring(prefix.length());
    }
}
