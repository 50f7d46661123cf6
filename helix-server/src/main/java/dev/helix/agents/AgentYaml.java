package dev.helix.agents;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads agent definitions from YAML text: one agent per agent file, or the {@code agents:} list of
 * {@code helix.yaml}. Every error names the file, the line and the field.
 *
 * <p>Implementation notes: fields are read straight from the YAML token stream rather than bound with a data mapper,
 * so every type error is reported at the line of the offending value and no binding machinery is loaded at start
 * (cold data binding of a record cost ~70 ms of start-up). The line of every field is kept for the checks that
 * follow in {@link AgentSpec#validate}; syntax errors carry their position themselves.
 */
final class AgentYaml {
    /**
     * An accepted definition and where it came from.
     *
     * @param agent  the agent
     * @param source the file
     * @param line   the line of its {@code id} field
     * @param idField how its {@code id} field is named in messages ({@code agents[2].id} in {@code helix.yaml})
     * @param where  the file, the line of each field and the prefix of field names in messages
     */
    record Definition(Agent agent, String source, int line, String idField, AgentSpec.Where where) {
        /** The line of {@code field}, or of the definition when the field is not written. */
        int lineOf(String field) {
            return where.fieldLines().getOrDefault(field, where.line());
        }
    }

    private static final YAMLFactory YAML = new YAMLFactory();

    private AgentYaml() {}

    /** The agent an agent file defines; empty for an empty file. */
    static Optional<Definition> agentFile(byte[] yaml, String source) {
        try (JsonParser p = YAML.createParser(yaml)) {
            if (p.nextToken() == null) {
                return Optional.empty();
            }
            Definition d = agent(p, source, "");
            if (p.nextToken() != null) {
                throw new AgentDefinitionException(
                        source, line(p), null, "an agent file defines one agent; " + "found a second document");
            }
            return Optional.of(d);
        } catch (JsonProcessingException e) {
            throw syntax(e, source);
        } catch (IOException e) {
            throw new AgentDefinitionException(source, 0, null, "cannot read: " + e.getMessage());
        }
    }

    /** The agents listed under the top-level {@code agents:} of a {@code helix.yaml}. */
    static List<Definition> configSection(byte[] yaml, String source) {
        List<Definition> out = new ArrayList<>();
        try (JsonParser p = YAML.createParser(yaml)) {
            JsonToken first = p.nextToken();
            if (first != null && first != JsonToken.START_OBJECT) {
                throw new AgentDefinitionException(
                        source, line(p), null, "a config file must be a mapping of " + "sections");
            }
            while (first != null && p.nextToken() == JsonToken.FIELD_NAME) {
                boolean agents = p.currentName().equals("agents");
                p.nextToken();
                if (agents) {
                    readList(p, source, out);
                } else {
                    p.skipChildren();
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            throw syntax(e, source);
        } catch (IOException e) {
            throw new AgentDefinitionException(source, 0, null, "cannot read: " + e.getMessage());
        }
    }

    private static void readList(JsonParser p, String source, List<Definition> out) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new AgentDefinitionException(
                    source, line(p), "agents", "expected a list of agent definitions, " + "each starting with '- id:'");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(agent(p, source, "agents[" + out.size() + "]."));
        }
    }

    /** Reads the agent mapping the parser is on. */
    private static Definition agent(JsonParser p, String source, String prefix) throws IOException {
        int start = line(p);
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new AgentDefinitionException(
                    source,
                    start,
                    prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1),
                    "expected an agent: a mapping of fields such as 'id:' and 'name:'");
        }
        Map<String, Integer> lines = new LinkedHashMap<>();
        AgentSpec.Where where = new AgentSpec.Where(source, start, lines, prefix);
        AgentSpec spec = AgentSpec.of(fields(p, where));
        return new Definition(spec.validate(where), source, lines.getOrDefault("id", start), prefix + "id", where);
    }

    /** Reads the fields of the mapping the parser is on, noting each one's line in {@code where}. */
    private static Map<String, Object> fields(JsonParser p, AgentSpec.Where where) throws IOException {
        Map<String, Object> values = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            Integer before = where.fieldLines().putIfAbsent(field, line(p));
            if (before != null) {
                throw located(where, p, field, "appears twice (first on line " + before + ")");
            }
            if (!AgentSpec.FIELDS.contains(field)) {
                throw located(where, p, field, "unknown field; an agent has " + String.join(", ", AgentSpec.FIELDS));
            }
            p.nextToken();
            values.put(field, value(p, where, field));
        }
        return values;
    }

    private static @Nullable Object value(JsonParser p, AgentSpec.Where where, String field) throws IOException {
        if (AgentSpec.LISTS.contains(field)) {
            return list(p, where, field);
        }
        return AgentSpec.MAPS.contains(field) ? map(p, where, field) : text(p, where, field);
    }

    /** A scalar as text (numbers and booleans as written), or null. */
    private static @Nullable String text(JsonParser p, AgentSpec.Where where, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!t.isScalarValue()) {
            throw located(where, p, field, "expected a text value");
        }
        return p.getText();
    }

    private static @Nullable List<String> list(JsonParser p, AgentSpec.Where where, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw located(where, p, field, "expected a list of text values, such as [a, b]");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(text(p, where, field + "[" + out.size() + "]"));
        }
        return out;
    }

    /**
     * A mapping of names to text values, or null; the line of each entry is noted in {@code where} as
     * {@code field.name}, and a name written twice is an error.
     */
    private static @Nullable Map<String, String> map(JsonParser p, AgentSpec.Where where, String field)
            throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw located(where, p, field, "expected a mapping of names to text values, such as {chat: fast}");
        }
        Map<String, String> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String entry = field + "." + name;
            Integer before = where.fieldLines().putIfAbsent(entry, line(p));
            if (before != null) {
                throw located(where, p, entry, "appears twice (first on line " + before + ")");
            }
            p.nextToken();
            out.put(name, text(p, where, entry));
        }
        return out;
    }

    private static AgentDefinitionException located(AgentSpec.Where where, JsonParser p, String field, String reason) {
        return new AgentDefinitionException(where.source(), line(p), where.prefix() + field, reason);
    }

    private static AgentDefinitionException syntax(JsonProcessingException e, String source) {
        if (e.getCause() instanceof MarkedYAMLException y && y.getProblemMark() != null) {
            String context = y.getContext() == null || y.getContextMark() == null
                    ? ""
                    : " (" + y.getContext() + " started on line "
                            + (y.getContextMark().getLine() + 1) + ")";
            return new AgentDefinitionException(
                    source,
                    y.getProblemMark().getLine() + 1,
                    null,
                    "invalid YAML: " + firstLine(y.getProblem()) + context);
        }
        JsonLocation at = e.getLocation();
        int line = at == null ? 0 : at.getLineNr();
        return new AgentDefinitionException(
                source, Math.max(line, 0), null, "invalid YAML: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(@Nullable String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
