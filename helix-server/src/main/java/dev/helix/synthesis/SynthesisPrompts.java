package dev.helix.synthesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.internal.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The two requests a run makes of the model and how their answers are read: the extraction ({@value #CANDIDATES}),
 * which turns the new messages into candidate facts with the ids of the messages they come from, and the decision
 * ({@value #DECISIONS}), which says for each candidate, given the few memories most like it, whether to add it,
 * update or invalidate one of them, or do nothing. Both ask for JSON by a {@code response_format} JSON schema whose
 * name says which request it is; what comes back is checked against what was asked (a candidate's sources must be
 * messages the run read, a decision may only touch the memories shown with its candidate), and anything else is
 * dropped, not trusted.
 */
final class SynthesisPrompts {
    /** The schema name of the extraction request. */
    static final String CANDIDATES = "helix_memory_candidates";
    /** The schema name of the decision request. */
    static final String DECISIONS = "helix_memory_decisions";
    /** Most candidates one run takes from the extraction. */
    static final int MAX_CANDIDATES = 20;

    private static final Set<String> KINDS = Set.of("fact", "preference", "profile");

    private static final String EXTRACT_SYSTEM = """
            You keep the long-term memory of an assistant. From the conversation messages given as JSON, extract \
            durable facts about the user worth remembering in later conversations: who they are, where they live, \
            what they do, what they like or prefer, names they want used. Skip small talk, questions, and anything \
            about the assistant. Each candidate has a short 'subject' naming what it is about (e.g. 'city', \
            'job', 'name', 'likes:tea'), a self-contained 'text' in the third person ("User lives in Lyon"), a \
            'kind' (fact, preference or profile), the ids of the messages it comes from in 'sources', and a \
            'confidence' from 0 to 1. When the user corrects an earlier fact, give only the new value. Answer \
            with JSON only.""";

    private static final String DECIDE_SYSTEM = """
            You keep the long-term memory of an assistant. For each candidate fact, compare it with the existing \
            memories shown with it and decide: ADD (new information), UPDATE (an existing memory says the same \
            thing less well: give the memory id and the new text), INVALIDATE (an existing memory is no longer \
            true: give its id; add the new fact with a separate ADD), or NONE (already remembered). Only use \
            memory ids shown with that candidate. Answer with JSON only.""";

    private SynthesisPrompts() {}

    /** A message the run reads. */
    record Line(String id, String role, String text) {}

    /** A candidate fact from the extraction. */
    record Candidate(String subject, String text, String kind, List<String> sources, double confidence) {}

    /** What the decision says of one candidate. */
    enum Action {
        ADD,
        UPDATE,
        INVALIDATE,
        NONE
    }

    /** One decision: {@code action} for candidate {@code candidate}, on memory {@code memory} (update, invalidate). */
    record Decision(
            int candidate,
            Action action,
            @Nullable String memory,
            @Nullable String text) {}

    /** The system message of the extraction. */
    static String extractSystem() {
        return EXTRACT_SYSTEM;
    }

    /** The system message of the decision. */
    static String decideSystem() {
        return DECIDE_SYSTEM;
    }

    /** The user message of the extraction: the messages to read, as JSON. */
    static String extractUser(List<Line> lines) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode messages = root.putArray("messages");
        for (Line l : lines) {
            messages.addObject().put("id", l.id()).put("role", l.role()).put("text", l.text());
        }
        return text(root);
    }

    /** The user message of the decision: each candidate with the memories most like it. */
    static String decideUser(List<Candidate> candidates, List<List<MemoryPort.Remembered>> similar) {
        ObjectNode root = Json.mapper().createObjectNode();
        ArrayNode items = root.putArray("candidates");
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            ObjectNode item = items.addObject()
                    .put("index", i)
                    .put("subject", c.subject())
                    .put("text", c.text())
                    .put("kind", c.kind());
            ArrayNode existing = item.putArray("similar");
            for (MemoryPort.Remembered m : similar.get(i)) {
                existing.addObject().put("id", m.id()).put("text", m.text());
            }
        }
        return text(root);
    }

    /** The {@code response_format} of the extraction. */
    static Map<String, Object> extractFormat() {
        Map<String, Object> candidate = object(Map.of(
                "subject", Map.of("type", "string"),
                "text", Map.of("type", "string"),
                "kind", Map.of("type", "string", "enum", List.of("fact", "preference", "profile")),
                "sources", Map.of("type", "array", "items", Map.of("type", "string")),
                "confidence", Map.of("type", "number")));
        return format(CANDIDATES, "candidates", candidate);
    }

    /** The {@code response_format} of the decision. */
    static Map<String, Object> decideFormat() {
        Map<String, Object> decision = object(Map.of(
                "candidate", Map.of("type", "integer"),
                "action", Map.of("type", "string", "enum", List.of("ADD", "UPDATE", "INVALIDATE", "NONE")),
                "memory", Map.of("type", List.of("string", "null")),
                "text", Map.of("type", List.of("string", "null"))));
        return format(DECISIONS, "decisions", decision);
    }

    /**
     * The candidates in the extraction's answer {@code text}, at most {@link #MAX_CANDIDATES}, keeping only sources
     * among {@code read}; throws {@link IllegalArgumentException} if it is not the JSON asked for.
     */
    static List<Candidate> candidates(String text, Set<String> read) {
        List<Candidate> out = new ArrayList<>();
        for (JsonNode c : array(text, "candidates")) {
            String fact = c.path("text").asText("").strip();
            if (fact.isEmpty() || out.size() == MAX_CANDIDATES) {
                continue;
            }
            String kind = c.path("kind").asText("fact").toLowerCase(Locale.ROOT);
            List<String> sources = new ArrayList<>();
            for (JsonNode s : c.path("sources")) {
                if (read.contains(s.asText()) && !sources.contains(s.asText())) {
                    sources.add(s.asText());
                }
            }
            double confidence = c.path("confidence").asDouble(0.8);
            out.add(new Candidate(
                    c.path("subject").asText(""),
                    fact,
                    KINDS.contains(kind) ? kind : "fact",
                    sources,
                    Math.clamp(Double.isNaN(confidence) ? 0.8 : confidence, 0.0, 1.0)));
        }
        return out;
    }

    /**
     * The decisions in the decision's answer {@code text}, keeping only those about a candidate asked about and, for
     * an update or invalidation, a memory shown with it; at most two per candidate.
     */
    static List<Decision> decisions(String text, List<List<MemoryPort.Remembered>> similar) {
        List<Decision> out = new ArrayList<>();
        int[] perCandidate = new int[similar.size()];
        for (JsonNode d : array(text, "decisions")) {
            int i = d.path("candidate").asInt(-1);
            Action action = action(d.path("action").asText(""));
            if (i < 0 || i >= similar.size() || action == null || perCandidate[i] == 2) {
                continue;
            }
            String memory = d.path("memory").isTextual() ? d.path("memory").asText() : null;
            boolean onMemory = action == Action.UPDATE || action == Action.INVALIDATE;
            if (onMemory && (memory == null || similar.get(i).stream().noneMatch(m -> m.id().equals(memory)))) {
                continue;
            }
            String newText =
                    d.path("text").isTextual() ? d.path("text").asText().strip() : null;
            perCandidate[i]++;
            out.add(new Decision(
                    i, action, onMemory ? memory : null, newText == null || newText.isEmpty() ? null : newText));
        }
        return out;
    }

    private static @Nullable Action action(String name) {
        try {
            return Action.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The array {@code member} of the JSON object in {@code text} (a fenced code block is unwrapped). */
    private static JsonNode array(String text, String member) {
        String json = text.strip();
        if (json.startsWith("```")) {
            int start = json.indexOf('\n');
            int end = json.lastIndexOf("```");
            json = start > 0 && end > start ? json.substring(start + 1, end) : json;
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("the model's answer is not JSON: " + shorten(json));
        }
        JsonNode array = root == null ? null : root.get(member);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("the model's answer has no '" + member + "' array: " + shorten(json));
        }
        return array;
    }

    private static Map<String, Object> object(Map<String, Object> properties) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", new java.util.TreeMap<>(properties));
        schema.put("required", List.copyOf(new java.util.TreeSet<>(properties.keySet())));
        schema.put("additionalProperties", false);
        return schema;
    }

    private static Map<String, Object> format(String name, String member, Map<String, Object> item) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", Map.of(member, Map.of("type", "array", "items", item)));
        schema.put("required", List.of(member));
        schema.put("additionalProperties", false);
        Map<String, Object> jsonSchema = new LinkedHashMap<>();
        jsonSchema.put("name", name);
        jsonSchema.put("strict", true);
        jsonSchema.put("schema", schema);
        return Map.of("type", "json_schema", "json_schema", jsonSchema);
    }

    private static String text(JsonNode node) {
        return new String(Json.bytes(node), StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
