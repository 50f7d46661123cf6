package dev.helix.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The mock's deterministic, rule-based answers to memory synthesis requests, recognised by the name of their
 * {@code response_format} JSON schema, never by what the messages say:
 *
 * <ul>
 *   <li>{@value #CANDIDATES} (extraction): the user message is {@code {"messages":[{"id","role","text"}]}}; every
 *       clause of a user message that matches one of a few generic patterns ("my X is Y", "I live in Y", "I moved to
 *       Y", "I like/love/enjoy/prefer Y", "I work as/at Y", "call me Y", "I am allergic to Y", each optionally after
 *       "actually,"/"now") becomes a candidate with a subject ({@code city}, {@code job}, {@code likes:tea}, …), a
 *       canonical third-person text ("User lives in Y") and the id of its message; for one subject only the last
 *       candidate is kept (a correction wins). Answer: {@code {"candidates":[{"subject","text","kind","sources",
 *       "confidence"}]}}.
 *   <li>{@value #DECISIONS} (decision): the user message is {@code {"candidates":[{"index","subject","text",
 *       "similar":[{"id","text"}]}]}}; a similar memory whose canonical text has the candidate's subject and the same
 *       value makes {@code NONE}; with another value, {@code INVALIDATE} it and {@code ADD} the candidate; no memory of
 *       that subject makes {@code ADD}. Answer: {@code {"decisions":[{"candidate","action","memory","text"}]}}.
 * </ul>
 */
public final class MemoryExtraction {
    /** The schema name of an extraction request. */
    public static final String CANDIDATES = "helix_memory_candidates";
    /** The schema name of a decision request. */
    public static final String DECISIONS = "helix_memory_decisions";

    private static final int MAX_VALUE = 80;
    private static final String VALUE = "([^.!?;\\n]{1,80}?)";
    private static final String END = "\\s*$";
    private static final String LEAD = "^(?:actually,?\\s+|now,?\\s+|so,?\\s+|well,?\\s+|oh,?\\s+|also,?\\s+)*";
    private static final Pattern CLAUSES = Pattern.compile(
            "[.!?;\\n]+|,?\\s+(?:and|but)\\s+(?=(?:my|i|i'm|actually|call)\\b)", Pattern.CASE_INSENSITIVE);

    /** One way a user says a fact: a pattern of a clause, and how its subject and text are made. */
    private record Rule(Pattern pattern, String kind, Subject subject, String template) {
        static Rule of(String regex, String kind, Subject subject, String template) {
            return new Rule(Pattern.compile(LEAD + regex + END, Pattern.CASE_INSENSITIVE), kind, subject, template);
        }
    }

    /** The subject of a fact, from the groups of its match. */
    @FunctionalInterface
    private interface Subject {
        String of(Matcher m);
    }

    private static final List<Rule> SAID = List.of(
            Rule.of("(?:please\\s+)?call me " + VALUE, "profile", m -> "nickname", "User likes to be called %s"),
            Rule.of("my name is (?:now\\s+)?" + VALUE, "profile", m -> "name", "User's name is %s"),
            Rule.of(
                    "i(?:'m| am) allergic to " + VALUE,
                    "fact",
                    m -> "allergy:" + key(m.group(1)),
                    "User is allergic to %s"),
            Rule.of(
                    "i(?:\\s+now)?(?:\\s+live|'m living|\\s+am living)(?:\\s+now)? in " + VALUE,
                    "fact",
                    m -> "home",
                    "User lives in %s"),
            Rule.of("i(?:'ve| have)? (?:just\\s+)?moved to " + VALUE, "fact", m -> "home", "User lives in %s"),
            Rule.of("i (?:now\\s+)?work as (?:an?\\s+)?" + VALUE, "fact", m -> "job", "User works as %s"),
            Rule.of("i(?:'m| am) an? " + VALUE + " by (?:trade|profession)", "fact", m -> "job", "User works as %s"),
            Rule.of("i (?:now\\s+)?work (?:at|for) " + VALUE, "fact", m -> "employer", "User works at %s"),
            Rule.of(
                    "i (?:really\\s+)?(?:like|love|enjoy|adore) " + VALUE,
                    "preference",
                    m -> "likes:" + key(m.group(1)),
                    "User likes %s"),
            Rule.of(
                    "i (?:really\\s+)?prefer " + VALUE,
                    "preference",
                    m -> "prefers:" + key(m.group(1)),
                    "User prefers %s"),
            Rule.of(
                    "my ([a-z][a-z' -]{0,30}?) is (?:now\\s+|actually\\s+)?" + VALUE,
                    "fact",
                    m -> key(m.group(1)),
                    "User's %2$s is %1$s"));

    /** How the canonical texts read back: pattern, and whether group 1 is a subject (else a fixed one). */
    private static final List<Map.Entry<Pattern, Subject>> WRITTEN = List.of(
            Map.entry(Pattern.compile("^User likes to be called (.+)$"), m -> "nickname"),
            Map.entry(Pattern.compile("^User's name is (.+)$"), m -> "name"),
            Map.entry(Pattern.compile("^User is allergic to (.+)$"), m -> "allergy:" + key(m.group(1))),
            Map.entry(Pattern.compile("^User lives in (.+)$"), m -> "home"),
            Map.entry(Pattern.compile("^User works as (.+)$"), m -> "job"),
            Map.entry(Pattern.compile("^User works at (.+)$"), m -> "employer"),
            Map.entry(Pattern.compile("^User likes (.+)$"), m -> "likes:" + key(m.group(1))),
            Map.entry(Pattern.compile("^User prefers (.+)$"), m -> "prefers:" + key(m.group(1))),
            Map.entry(Pattern.compile("^User's (.+?) is (.+)$"), m -> key(m.group(1))));

    private MemoryExtraction() {}

    /** A fact the rules found: its subject, value, kind, canonical text and source message. */
    public record Fact(String subject, String value, String kind, String text, String source) {}

    /** Whether {@code body} is a synthesis request, and which: {@link #CANDIDATES}, {@link #DECISIONS} or null. */
    static @Nullable String kindOf(JsonNode body) {
        String name =
                body.path("response_format").path("json_schema").path("name").asText("");
        return name.equals(CANDIDATES) || name.equals(DECISIONS) ? name : null;
    }

    /** The JSON answer to synthesis request {@code body} of {@code kind}. */
    static String answer(JsonNode body, String kind) {
        JsonNode input = lastUserJson(body.path("messages"));
        return Json.text(kind.equals(CANDIDATES) ? candidates(input) : decisions(input));
    }

    /** The facts in {@code messages} ({@code [{"id","role","text"}]}), one per subject, the last said winning. */
    public static List<Fact> extract(JsonNode messages) {
        Map<String, Fact> bySubject = new LinkedHashMap<>();
        for (JsonNode m : messages) {
            if (!"user".equals(m.path("role").asText())) {
                continue;
            }
            for (Fact f : facts(m.path("text").asText(""), m.path("id").asText(""))) {
                bySubject.remove(f.subject());
                bySubject.put(f.subject(), f);
            }
        }
        return List.copyOf(bySubject.values());
    }

    /** The facts in one user message {@code text}, which has id {@code id}. */
    public static List<Fact> facts(String text, String id) {
        List<Fact> out = new ArrayList<>();
        for (String clause : CLAUSES.split(text)) {
            String c = clause.strip();
            for (Rule r : SAID) {
                Matcher m = r.pattern().matcher(c);
                if (m.matches()) {
                    String value = value(m.group(m.groupCount()));
                    if (!value.isEmpty()) {
                        String text2 = m.groupCount() == 2
                                ? String.format(
                                        Locale.ROOT,
                                        r.template(),
                                        value,
                                        m.group(1).strip().toLowerCase(Locale.ROOT))
                                : String.format(Locale.ROOT, r.template(), value);
                        out.add(new Fact(r.subject().of(m), value, r.kind(), text2, id));
                    }
                    break;
                }
            }
        }
        return out;
    }

    /** The subject and value a canonical memory text says, or null if it is not one. */
    public static String @Nullable [] read(String text) {
        for (Map.Entry<Pattern, Subject> w : WRITTEN) {
            Matcher m = w.getKey().matcher(text.strip());
            if (m.matches()) {
                return new String[] {w.getValue().of(m), value(m.group(m.groupCount()))};
            }
        }
        return null;
    }

    private static ObjectNode candidates(JsonNode input) {
        ObjectNode root = Json.object();
        ArrayNode out = root.putArray("candidates");
        for (Fact f : extract(input.path("messages"))) {
            ObjectNode c = out.addObject()
                    .put("subject", f.subject())
                    .put("text", f.text())
                    .put("kind", f.kind());
            c.putArray("sources").add(f.source());
            c.put("confidence", 0.9);
        }
        return root;
    }

    private static ObjectNode decisions(JsonNode input) {
        ObjectNode root = Json.object();
        ArrayNode out = root.putArray("decisions");
        for (JsonNode c : input.path("candidates")) {
            int index = c.path("index").asInt();
            String[] said = read(c.path("text").asText(""));
            String subject = said != null ? said[0] : c.path("subject").asText("");
            String value = said != null ? said[1] : c.path("text").asText("");
            boolean same = false;
            List<String> stale = new ArrayList<>();
            for (JsonNode m : c.path("similar")) {
                String[] known = read(m.path("text").asText(""));
                if (known == null || !known[0].equals(subject)) {
                    continue;
                }
                if (known[1].equalsIgnoreCase(value)) {
                    same = true;
                } else {
                    stale.add(m.path("id").asText());
                }
            }
            if (same) {
                decision(out, index, "NONE", null);
                continue;
            }
            for (String id : stale) {
                decision(out, index, "INVALIDATE", id);
            }
            decision(out, index, "ADD", null);
        }
        return root;
    }

    private static void decision(ArrayNode out, int index, String action, @Nullable String memory) {
        ObjectNode d = out.addObject().put("candidate", index).put("action", action);
        if (memory == null) {
            d.putNull("memory");
        } else {
            d.put("memory", memory);
        }
        d.putNull("text");
    }

    private static JsonNode lastUserJson(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asText())) {
                try {
                    return Json.MAPPER.readTree(
                            MockText.contentText(messages.get(i).get("content")));
                } catch (IOException e) {
                    return Json.object();
                }
            }
        }
        return Json.object();
    }

    private static String value(String raw) {
        String v = raw.strip().replaceAll("[\\s,:'\"]+$", "").replaceAll("^(?:the\\s+)", "");
        return v.length() > MAX_VALUE ? v.substring(0, MAX_VALUE) : v;
    }

    private static String key(String text) {
        return value(text).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }
}
