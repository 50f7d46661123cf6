package dev.helix.realtime;

import dev.helix.bus.Event;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A topic that gathers events of other topics and delivers each only to the clients it is for: every key may follow
 * it, and each client gets (live, on resume and in its snapshot) only what concerns it, such as the events of its own
 * conversations.
 *
 * @param name     the topic's name, e.g. {@code conversations}
 * @param gathers  which events (of any topic) it carries too
 * @param audience for an event it carries, the clients it is for (computed once, when the event arrives)
 * @param snapshot the current content of the topic for a client, for subscriptions without {@code since} and resets
 */
public record PersonalTopic(
        String name,
        Predicate<Event> gathers,
        Function<Event, Predicate<Subscriber>> audience,
        Function<Subscriber, Object> snapshot) {}
