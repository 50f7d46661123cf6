package dev.helix.conversations;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** New messages before they are stored: their seq is drawn when they are ({@link MessageStore#insert}). */
final class Drafts {
    private Drafts() {}

    /** What a person wrote ({@code kind} message or command). */
    static Message user(
            String id, String conversation, Message.Kind kind, List<Part> content, ObjectNode metadata, Instant now) {
        return of(id, conversation, Message.Role.USER, kind, Message.Status.COMPLETE, content, null, metadata, now);
    }

    /** The agent's answer, before it is written: {@code queued} or {@code streaming}, no text yet. */
    static Message answer(String id, String conversation, Message.Status status, Instant now) {
        return of(
                id, conversation, Message.Role.ASSISTANT, Message.Kind.MESSAGE, status, List.of(), null, empty(), now);
    }

    /** The result of a command, or why it failed ({@code status} complete or failed). */
    static Message commandResult(
            String id, String conversation, Message.Status status, String text, @Nullable String error, Instant now) {
        Message m = of(
                id,
                conversation,
                Message.Role.TOOL,
                Message.Kind.COMMAND,
                status,
                List.of(Part.text(text)),
                null,
                empty(),
                now);
        return error == null ? m : m.failed(status, error, now);
    }

    /** A summary of the messages up to seq {@code covers}. */
    static Message summary(String id, String conversation, String text, long covers, ObjectNode metadata, Instant now) {
        return of(
                id,
                conversation,
                Message.Role.SYSTEM,
                Message.Kind.SUMMARY,
                Message.Status.COMPLETE,
                List.of(Part.text(text)),
                covers,
                metadata,
                now);
    }

    static ObjectNode empty() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static Message of(
            String id,
            String conversation,
            Message.Role role,
            Message.Kind kind,
            Message.Status status,
            List<Part> content,
            @Nullable Long covers,
            ObjectNode metadata,
            Instant now) {
        return new Message(
                id,
                conversation,
                0,
                role,
                kind,
                status,
                content,
                null,
                covers,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                metadata,
                now,
                now);
    }
}
