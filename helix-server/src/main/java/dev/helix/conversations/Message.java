package dev.helix.conversations;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Money;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A message of a conversation as stored and as the API shows it (members without a value are left out).
 *
 * @param id           {@code cmsg_} and a time-ordered id
 * @param conversation the id of its conversation
 * @param seq          its place in the conversation: 1, 2, …
 * @param role         who speaks
 * @param kind         what it is besides its role
 * @param status       whether it is complete, or how an answer ended (or that it is still being written)
 * @param content      its parts: text, and images and files as references
 * @param toolCalls    the tool calls of an assistant message, as the model made them (OpenAI's shape), or null
 * @param covers       for a summary: the seq of the last message it stands for
 * @param model        for an answer: the model the gateway was asked for
 * @param deployment   for an answer: the deployment that answered
 * @param usage        for an answer: its prompt and completion tokens
 * @param costUsd      for an answer: what it cost, in US dollars
 * @param latencyMs    for an answer: how long it took
 * @param finishReason for an answer: why the model stopped ({@code stop}, {@code length}, …)
 * @param error        why an answer is not complete, or why a command failed
 * @param metadata     the owner's JSON object for a user message; how the prompt was made for an answer
 * @param created      when it was stored
 * @param updated      when it last changed (an answer, when it ended)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "id",
    "conversation",
    "seq",
    "role",
    "kind",
    "status",
    "content",
    "toolCalls",
    "covers",
    "model",
    "deployment",
    "usage",
    "costUsd",
    "latencyMs",
    "finishReason",
    "error",
    "metadata",
    "created",
    "updated"
})
public record Message(
        String id,
        String conversation,
        long seq,
        Role role,
        Kind kind,
        Status status,
        List<Part> content,
        @Nullable JsonNode toolCalls,
        @Nullable Long covers,
        @Nullable String model,
        @Nullable String deployment,
        @Nullable Usage usage,

        @JsonSerialize(using = Money.Serializer.class) @Nullable
        Double costUsd,

        @Nullable Long latencyMs,
        @Nullable String finishReason,
        @Nullable String error,
        ObjectNode metadata,
        Instant created,
        Instant updated) {
    public Message {
        content = List.copyOf(content);
    }

    /** This message as the {@code seq}th of its conversation. */
    Message withSeq(long newSeq) {
        return new Message(
                id,
                conversation,
                newSeq,
                role,
                kind,
                status,
                content,
                toolCalls,
                covers,
                model,
                deployment,
                usage,
                costUsd,
                latencyMs,
                finishReason,
                error,
                metadata,
                created,
                updated);
    }

    /** This message ended as {@code newStatus} because of {@code why}, at {@code at}. */
    Message failed(Status newStatus, String why, Instant at) {
        return new Message(
                id,
                conversation,
                seq,
                role,
                kind,
                newStatus,
                content,
                toolCalls,
                covers,
                model,
                deployment,
                usage,
                costUsd,
                latencyMs,
                finishReason,
                why,
                metadata,
                created,
                at);
    }

    /**
     * This message as written at {@code at}: its status, text (no part when empty), the figures of the call that
     * wrote it, why it is not complete, and its metadata.
     */
    Message written(
            Status newStatus,
            String text,
            @Nullable String newModel,
            @Nullable String newDeployment,
            @Nullable Usage newUsage,
            @Nullable Double newCost,
            @Nullable Long newLatency,
            @Nullable String newFinishReason,
            @Nullable String newError,
            ObjectNode newMetadata,
            Instant at) {
        return new Message(
                id,
                conversation,
                seq,
                role,
                kind,
                newStatus,
                text.isEmpty() ? List.of() : List.of(Part.text(text)),
                toolCalls,
                covers,
                newModel,
                newDeployment,
                newUsage,
                newCost,
                newLatency,
                newFinishReason,
                newError,
                newMetadata,
                created,
                at);
    }

    /** This message with {@code newStatus}, changed at {@code at}. */
    Message withStatus(Status newStatus, Instant at) {
        return new Message(
                id,
                conversation,
                seq,
                role,
                kind,
                newStatus,
                content,
                toolCalls,
                covers,
                model,
                deployment,
                usage,
                costUsd,
                latencyMs,
                finishReason,
                error,
                metadata,
                created,
                at);
    }

    /** The text of its text parts, joined by blank lines. */
    @JsonIgnore
    public String text() {
        return content.stream()
                .filter(p -> p.type().equals(Part.TEXT))
                .map(Part::text)
                .collect(Collectors.joining("\n\n"));
    }

    /** Who speaks. */
    public enum Role {
        USER,
        ASSISTANT,
        SYSTEM,
        TOOL;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Role of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** What a message is besides its role. */
    public enum Kind {
        /** What a person or the agent said. */
        MESSAGE,
        /** A system message that stands for the messages up to its {@code covers} in prompts. */
        SUMMARY,
        /** A {@code !} command (a user message) or its result (a tool message). */
        COMMAND;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** Whether a message is complete, still being written, or how an answer (or a command) ended otherwise. */
    public enum Status {
        /** Stored whole. */
        COMPLETE,
        /** An answer waiting for the one before it to end. */
        QUEUED,
        /** An answer being written now. */
        STREAMING,
        /** An answer whose stream broke: the text is what arrived. */
        CUT,
        /** An answer (or a command) that failed: nothing usable, or the text so far. */
        FAILED,
        /** An answer refused by a budget or a limit of the key. */
        REFUSED,
        /** An answer stopped because a newer message interrupted it: the text is what arrived. */
        INTERRUPTED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the message is still to be written (queued or streaming). */
        public boolean open() {
            return this == QUEUED || this == STREAMING;
        }

        static Status of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The tokens of an answer.
     *
     * @param promptTokens     what the prompt counted
     * @param completionTokens what the answer counted
     */
    public record Usage(long promptTokens, long completionTokens) {}
}
