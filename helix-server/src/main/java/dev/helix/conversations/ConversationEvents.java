package dev.helix.conversations;

import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import dev.helix.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The events conversations write, each with the owner in its data (so real-time push can route it on any node) and
 * the conversation's topic, {@code conversation:<id>}, as its subject. Their actor is the owner's key: the event log
 * shows them to admins and to that key only.
 */
final class ConversationEvents {
    private ConversationEvents() {}

    static NewEvent created(Conversation c) {
        return conversationEvent(EventTypes.CONVERSATION_CREATED, c, c.created());
    }

    static NewEvent updated(Conversation c) {
        return conversationEvent(EventTypes.CONVERSATION_UPDATED, c, c.updated());
    }

    static NewEvent deleted(Conversation c, int messages, Instant at) {
        Map<String, Object> data = owned(c.owner());
        data.put("id", c.id());
        data.put("messages", messages);
        return event(EventTypes.CONVERSATION_DELETED, c, data, at);
    }

    /** Message {@code m} of a conversation of {@code owner} was {@code action} ({@code stored} or {@code updated}). */
    static NewEvent message(Owner owner, Message m, String action) {
        return message(owner, m, action, Map.of());
    }

    /** {@link #message(Owner, Message, String)} with {@code extra} members in its data. */
    static NewEvent message(Owner owner, Message m, String action, Map<String, Object> extra) {
        Map<String, Object> data = owned(owner);
        data.put("conversation", m.conversation());
        data.put("action", action);
        data.put("message", plain(m));
        data.putAll(extra);
        return new NewEvent(
                EventTypes.CONVERSATION_MESSAGE,
                EventTypes.CONVERSATION_PREFIX + m.conversation(),
                owner.keyId(),
                data,
                m.updated());
    }

    private static NewEvent conversationEvent(String type, Conversation c, Instant at) {
        Map<String, Object> data = owned(c.owner());
        data.put("conversation", plain(c));
        return event(type, c, data, at);
    }

    private static Map<String, Object> owned(Owner owner) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("owner", owner.json());
        return data;
    }

    private static NewEvent event(String type, Conversation c, Map<String, Object> data, Instant at) {
        return new NewEvent(type, EventTypes.CONVERSATION_PREFIX + c.id(), c.key(), data, at);
    }

    /**
     * {@code value} as plain maps, lists and scalars, as it reads back from the log: the same data on the node that
     * wrote the event and on every other.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(Object value) {
        return Json.mapper().convertValue(value, Map.class);
    }
}
