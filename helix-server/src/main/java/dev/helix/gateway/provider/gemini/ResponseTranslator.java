package dev.helix.gateway.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Chat;
import dev.helix.gateway.provider.format.Fields;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Builds an OpenAI {@code chat.completion} from a {@code GenerateContentResponse}, and reads candidates for
 * {@link GeminiStream} too.
 *
 * <p>Implementation notes:
 * <ul>
 *   <li>each candidate is a choice with the candidate's index; its text parts are concatenated, except parts
 *       marked {@code thought: true} (reasoning summaries), which are not content;</li>
 *   <li>{@code functionCall} parts become tool calls with Gemini's call id when it sends one, else
 *       {@code call_} + random hex; a {@code thoughtSignature} travels as
 *       {@code extra_content.google.thought_signature} (the convention of Google's own OpenAI endpoint) so it
 *       can be sent back with the call;</li>
 *   <li>other part kinds (inline images, executable code) have no place in a chat message and are skipped;</li>
 *   <li>STOP is {@code tool_calls} when the candidate called a function, else {@code stop}; MAX_TOKENS is
 *       {@code length}; the safety family is {@code content_filter}; anything else is {@code stop};</li>
 *   <li>a prompt blocked before generation ({@code promptFeedback.blockReason}, no candidates) gives one empty
 *       choice finished by {@code content_filter}.</li>
 * </ul>
 */
final class ResponseTranslator {
    private static final Set<String> FILTERED = Set.of(
            "SAFETY",
            "RECITATION",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION");

    private ResponseTranslator() {}

    static ObjectNode translate(JsonNode response, String clientModel, Clock clock) {
        Fields.requireObject(response, "gemini response");
        ArrayNode choices = Fields.array();
        ArrayNode candidates = Fields.optionalArray(response, "candidates", "");
        if (candidates == null || candidates.isEmpty()) {
            String finish = blocked(response) ? "content_filter" : "stop";
            choices.add(Chat.choice(0, Chat.message("", Fields.array()), finish));
        } else {
            for (int i = 0; i < candidates.size(); i++) {
                choices.add(choice(candidates.get(i), i));
            }
        }
        return Chat.completion(
                completionId(response),
                clock.instant().getEpochSecond(),
                clientModel,
                choices,
                usage(response.get("usageMetadata")));
    }

    private static ObjectNode choice(JsonNode candidate, int position) {
        ArrayNode toolCalls = Fields.array();
        toolCalls.addAll(toolCalls(candidate));
        String reason = candidate.path("finishReason").asText("STOP");
        return Chat.choice(
                index(candidate, position),
                Chat.message(text(candidate), toolCalls),
                finishReason(reason, !toolCalls.isEmpty()));
    }

    static String completionId(JsonNode response) {
        String id = response.path("responseId").asText("");
        return "chatcmpl-" + (id.isEmpty() ? Chat.randomSuffix() : id);
    }

    static boolean blocked(JsonNode response) {
        return !response.path("promptFeedback").path("blockReason").asText("").isEmpty();
    }

    /** The candidate's {@code index}; Gemini leaves out index 0, so a missing one falls back to the position. */
    static int index(JsonNode candidate, int position) {
        JsonNode index = candidate.get("index");
        return index != null && index.canConvertToInt() ? index.asInt() : position;
    }

    /** The candidate's text: its text parts that are not thoughts, concatenated. */
    static String text(JsonNode candidate) {
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.has("text") && !part.path("thought").asBoolean(false)) {
                text.append(part.path("text").asText(""));
            }
        }
        return text.toString();
    }

    /** The candidate's function calls as OpenAI tool calls. */
    static List<ObjectNode> toolCalls(JsonNode candidate) {
        List<ObjectNode> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                calls.add(toolCall(call, part.path("thoughtSignature").asText("")));
            }
        }
        return calls;
    }

    private static ObjectNode toolCall(JsonNode call, String signature) {
        String id = call.path("id").asText("");
        JsonNode args = call.path("args").isObject() ? call.get("args") : Fields.object();
        ObjectNode toolCall = Chat.toolCall(
                id.isEmpty() ? "call_" + Chat.randomSuffix() : id,
                call.path("name").asText(""),
                Fields.write(args));
        if (!signature.isEmpty()) {
            toolCall.putObject("extra_content").putObject("google").put("thought_signature", signature);
        }
        return toolCall;
    }

    /** Gemini {@code finishReason} to OpenAI {@code finish_reason}. */
    static String finishReason(String reason, boolean calledTools) {
        if (reason.equals("MAX_TOKENS")) {
            return "length";
        }
        if (FILTERED.contains(reason)) {
            return "content_filter";
        }
        return calledTools ? "tool_calls" : "stop";
    }

    /**
     * Gemini {@code usageMetadata} to OpenAI usage, or null. Thinking tokens count as completion tokens and are
     * reported as reasoning tokens; the prompt count already includes the cached tokens.
     */
    static @Nullable ObjectNode usage(@Nullable JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        long thoughts = metadata.path("thoughtsTokenCount").asLong(0);
        return Chat.usage(
                metadata.path("promptTokenCount").asLong(0),
                metadata.path("candidatesTokenCount").asLong(0) + thoughts,
                metadata.path("cachedContentTokenCount").asLong(0),
                thoughts);
    }
}
