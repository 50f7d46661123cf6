package dev.helix.memory;

import dev.helix.conversations.Owner;
import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The events memory writes: the owner, the ids and the version, never a memory's or a profile's text (the event log
 * is readable more widely than memory is). Their actor is the owner's key, so the event log shows them to that key
 * and to admins only, whoever made the change (the actor that made it, an API key or a synthesis run, is in the data).
 */
final class MemoryEvents {
    private MemoryEvents() {}

    static NewEvent added(MemoryItem m, String actor) {
        return itemEvent(EventTypes.MEMORY_ADDED, m, actor, m.created());
    }

    static NewEvent updated(MemoryItem m, String actor) {
        return itemEvent(EventTypes.MEMORY_UPDATED, m, actor, m.updated());
    }

    static NewEvent invalidated(MemoryItem m, String actor) {
        NewEvent e = itemEvent(EventTypes.MEMORY_INVALIDATED, m, actor, m.updated());
        Map<String, Object> data = new LinkedHashMap<>(e.data());
        data.put("validTo", String.valueOf(m.validTo()));
        return new NewEvent(e.type(), e.subject(), e.actor(), data, e.at());
    }

    static NewEvent deleted(MemoryItem m, String actor, Instant at) {
        Map<String, Object> data = owned(m.owner(), actor);
        data.put("id", m.id());
        putAgent(data, m.agent());
        return new NewEvent(EventTypes.MEMORY_DELETED, EventTypes.MEMORY_PREFIX + m.id(), m.key(), data, at);
    }

    static NewEvent forgotten(
            Owner owner, @Nullable String agent, MemoryStore.Forgotten counts, String actor, Instant at) {
        Map<String, Object> data = owned(owner, actor);
        putAgent(data, agent);
        data.put("items", counts.items());
        data.put("history", counts.history());
        data.put("profile", counts.profile());
        return new NewEvent(EventTypes.MEMORY_FORGOTTEN, EventTypes.MEMORY, owner.keyId(), data, at);
    }

    static NewEvent profile(Owner owner, long version, boolean deleted, String actor, Instant at) {
        Map<String, Object> data = owned(owner, actor);
        data.put("version", version);
        data.put("deleted", deleted);
        return new NewEvent(EventTypes.MEMORY_PROFILE_UPDATED, EventTypes.MEMORY, owner.keyId(), data, at);
    }

    private static NewEvent itemEvent(String type, MemoryItem m, String actor, Instant at) {
        Map<String, Object> data = owned(m.owner(), actor);
        data.put("id", m.id());
        putAgent(data, m.agent());
        data.put("kind", m.kind().id());
        data.put("version", m.version());
        return new NewEvent(type, EventTypes.MEMORY_PREFIX + m.id(), m.key(), data, at);
    }

    /** The agent, when there is one: an event's data has no null members (they do not survive the bus). */
    private static void putAgent(Map<String, Object> data, @Nullable String agent) {
        if (agent != null) {
            data.put("agent", agent);
        }
    }

    private static Map<String, Object> owned(Owner owner, String actor) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("owner", owner.json());
        data.put("actor", actor);
        return data;
    }
}
