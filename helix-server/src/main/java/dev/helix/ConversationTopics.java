package dev.helix;

import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.conversations.Answering;
import dev.helix.conversations.Conversations;
import dev.helix.conversations.LiveAnswers;
import dev.helix.conversations.Owner;
import dev.helix.events.EventTypes;
import dev.helix.realtime.PersonalTopic;
import dev.helix.realtime.RealtimeHub;
import dev.helix.realtime.Subscriber;
import dev.helix.realtime.TopicFamily;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time topics of conversations: {@code conversation:<id>}, which only the conversation's owner may follow
 * (to anyone else it is unknown, as a conversation that does not exist), and {@code conversations}, which any key may
 * follow and which delivers to each client the events of its owner's conversations only. Owners are a key and an end
 * user, as in the conversations API: a client names its end user when it connects.
 */
final class ConversationTopics {
    /** The topic of every conversation of the client's owner. */
    static final String PERSONAL = "conversations";
    /** The type of the real-time messages carrying an answer's text as it is written. */
    static final String DELTA = "delta";

    private static final Logger LOG = LoggerFactory.getLogger(ConversationTopics.class);

    /** How many conversations the snapshot of {@link #PERSONAL} lists. */
    static final int SNAPSHOT_SIZE = 20;

    private final Conversations conversations;
    private final Answering answering;

    ConversationTopics(Conversations conversations, Answering answering) {
        this.conversations = conversations;
        this.answering = answering;
    }

    /**
     * The text of answers as it is written, pushed on the answer's {@code conversation:<id>} topic and to its owner's
     * clients of {@code conversations}, on the hub {@code hub} gives (none while there is none yet); only to clients
     * of this node ({@link LiveAnswerRelay} carries it to the others).
     */
    static LiveAnswers live(Supplier<@Nullable RealtimeHub> hub) {
        return (owner, answer, index, text) ->
                pushText(hub.get(), owner, answer.conversation(), answer.id(), index, text);
    }

    /** Pushes the {@code index}th piece of the text of answer {@code message} to the clients of this node. */
    static void pushText(
            @Nullable RealtimeHub hub, Owner owner, String conversation, String message, int index, String text) {
        if (hub == null) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("conversation", conversation);
        data.put("message", message);
        data.put("index", index);
        data.put("text", text);
        try {
            hub.push(EventTypes.CONVERSATION_PREFIX + conversation, DELTA, data, s -> true);
            hub.push(PERSONAL, DELTA, data, clientsOf(owner));
        } catch (RuntimeException e) {
            LOG.warn("the text of answer {} could not be pushed: {}", message, e.toString());
        }
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
        Owner owner = owner(subscriber);
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("conversation", conversations.find(owner, id).orElse(null));
        snapshot.put("answer", answering.progress(owner, id).orElse(null));
        return snapshot;
    }

    /** The clients of the owner {@code event} names; none if it names none. */
    private static Predicate<Subscriber> audience(Event event) {
        return Owner.ofEvent(event.data()).map(ConversationTopics::clientsOf).orElse(s -> false);
    }

    /** The clients of {@code owner}. */
    private static Predicate<Subscriber> clientsOf(Owner owner) {
        return s -> s.principal().keyId().equals(owner.keyId()) && Objects.equals(s.user(), owner.user());
    }

    private static Owner owner(Subscriber subscriber) {
        return new Owner(subscriber.principal().keyId(), subscriber.user());
    }
}
