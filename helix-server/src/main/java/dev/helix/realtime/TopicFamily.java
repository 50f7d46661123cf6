package dev.helix.realtime;

import dev.helix.access.Role;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Topics named {@code prefix + id}, one per id that exists, such as {@code agent:<id>}: the hub makes each when it is
 * first needed, and only keys of {@code role} (or above) to which {@code visible} shows it may follow one.
 *
 * @param prefix   what every name starts with, e.g. {@code agent:}
 * @param role     the role a key needs to follow one
 * @param exists   whether an id names something that has a topic
 * @param visible  whether a client may know of the topic of an id at all (one it may not is refused as unknown, as
 *                 one that does not exist), e.g. only the owner of a conversation
 * @param snapshot the current content of the topic of an id as a client may see it, for subscriptions without
 *                 {@code since} and resets
 */
public record TopicFamily(
        String prefix,
        Role role,
        Predicate<String> exists,
        BiPredicate<Subscriber, String> visible,
        BiFunction<Subscriber, String, Object> snapshot) {
    /** A family whose topics every key of {@code role} may know of, with the same snapshot for every client. */
    public TopicFamily(String prefix, Role role, Predicate<String> exists, Function<String, Object> snapshot) {
        this(prefix, role, exists, (subscriber, id) -> true, (subscriber, id) -> snapshot.apply(id));
    }

    /** Whether {@code name} is of this family (an id after the prefix). */
    boolean contains(String name) {
        return name.length() > prefix.length() && name.startsWith(prefix);
    }

    /** The id in {@code name}, one of this family's. */
    String id(String name) {
        return name.substring(prefix.length());
    }
}
