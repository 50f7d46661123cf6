package dev.helix.synthesis;

import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The events synthesis writes when a run ends, with what it read, what it changed and what it cost: ids and counts,
 * never a memory's text (the event log is read more widely than memory). Their actor is the owner's key, so the event
 * log shows them to admins and to that key only.
 */
final class SynthesisEvents {
    /** The subject of synthesis's events. */
    static final String SUBJECT = "memory";

    private SynthesisEvents() {}

    /** Run {@code run} ended: done, or failed for good with {@code error}. */
    static NewEvent ended(SynthesisRun run, int messages, @Nullable String error, Instant at) {
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("key", run.key());
        owner.put("user", run.user());
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("from", run.seqFrom());
        read.put("to", run.seqTo());
        read.put("messages", messages);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("owner", owner);
        data.put("run", run.id());
        data.put("conversation", run.conversation());
        data.put("agent", run.agent());
        data.put("read", read);
        data.put("changes", run.changes());
        data.put("promptTokens", run.promptTokens());
        data.put("completionTokens", run.completionTokens());
        data.put("costUsd", run.costUsd());
        data.put("attempts", run.attempts());
        if (error != null) {
            data.put("error", error);
        }
        String type = error == null ? EventTypes.MEMORY_SYNTHESIS_FINISHED : EventTypes.MEMORY_SYNTHESIS_FAILED;
        return new NewEvent(type, SUBJECT, run.key(), plain(data), at);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plain(Map<String, Object> data) {
        return dev.helix.internal.Json.mapper().convertValue(data, Map.class);
    }
}
