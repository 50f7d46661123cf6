package dev.helix;

import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.conversations.Conversations;
import dev.helix.conversations.Owner;
import dev.helix.events.EventTypes;
import dev.helix.realtime.PersonalTopic;
import dev.helix.realtime.Subscriber;
import dev.helix.realtime.TopicFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The real-time topics of conversations: {@code conversation:<id>}, which only the conversation's owner may follow
 * (to anyone else it is unknown, as a conversation that does not exist), and {@code conversations}, which any key may
 * follow and which delivers to each client the events of its owner's conversations only. Owners are a key and an end
 * user, as in the conversations API: a client names its end user when it connects.
 */
final class ConversationTopics {
    /** The topic of every conversation of the client's owner. */
    static final String PERSONAL = "conversations";
    /** How many conversations the snapshot of {@link #PERSONAL} lists. */
    static final int SNAPSHOT_SIZE = 20;

    private final Conversations conversations;

    ConversationTopics(Conversations conversations) {
        this.conversations = conversations;
    }

    /** {@code conversation:<id>}: its events, for its owner. */
    TopicFamily family() {
        return new TopicFamily(
                EventTypes.CONVERSATION_PREFIX,
                Role.USER,
                id -> true, // an event proves the conversation; a subscription is checked by visible
                (subscriber, id) -> conversations.find(owner(subscriber), id).isPresent(),
                this::snapshot);
    }

    /** {@code conversations}: the events of every conversation, each to the clients of its owner. */
    PersonalTopic personal() {
        return new PersonalTopic(
                PERSONAL,
                e -> e.topic().startsWith(EventTypes.CONVERSATION_PREFIX),
                ConversationTopics::audience,
                subscriber -> Map.of("data", conversations.recent(owner(subscriber), SNAPSHOT_SIZE)));
    }

    private Object snapshot(Subscriber subscriber, String id) {
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("conversation", conversations.find(owner(subscriber), id).orElse(null));
        return snapshot;
    }

    /** The clients of the owner {@code event} names; none if it names none. */
    private static Predicate<Subscriber> audience(Event event) {
        return Owner.ofEvent(event.data())
                .<Predicate<Subscriber>>map(
                        o -> s -> s.principal().keyId().equals(o.keyId()) && Objects.equals(s.user(), o.user()))
                .orElse(s -> false);
    }

    private static Owner owner(Subscriber subscriber) {
        return new Owner(subscriber.principal().keyId(), subscriber.user());
    }
}
