package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.FunctionTool;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@code generateContent} request body from an OpenAI chat request. The model goes in the URL, not
 * the body; {@code stream} likewise selects the URL ({@code streamGenerateContent?alt=sse}) and is not read here.
 *
 * <p>Implementation notes: {@code generationConfig} gets temperature, topP, maxOutputTokens
 * ({@code max_completion_tokens} wins over {@code max_tokens}), stopSequences, candidateCount ({@code n}),
 * seed, and for {@code response_format} a responseMimeType of application/json plus, for json_schema, a
 * responseSchema cleaned by {@link SchemaCleaner}. Fields without a reliable Gemini counterpart
 * ({@code presence_penalty}, {@code frequency_penalty} (refused by several Gemini models), {@code logprobs},
 * {@code user}, {@code parallel_tool_calls}, {@code stream_options}, ...) are ignored.
 */
final class RequestTranslator {
    private RequestTranslator() {}

    static ObjectNode translate(JsonNode chat) {
        Fields.requireObject(chat, "chat completion request");
        FunctionTool.refuseFunctions(chat);
        ContentsTranslator contents = ContentsTranslator.translate(chat);
        ObjectNode out = Fields.object();
        out.set("contents", contents.contents());
        ObjectNode system = contents.systemInstruction();
        if (system != null) {
            out.set("systemInstruction", system);
        }
        ToolsTranslator.apply(chat, out);
        ObjectNode config = generationConfig(chat);
        if (!config.isEmpty()) {
            out.set("generationConfig", config);
        }
        return out;
    }

    private static ObjectNode generationConfig(JsonNode chat) {
        ObjectNode config = Fields.object();
        copyNumber(chat, "temperature", config, "temperature");
        copyNumber(chat, "top_p", config, "topP");
        Integer maxTokens = Fields.maxTokens(chat);
        if (maxTokens != null) {
            config.put("maxOutputTokens", maxTokens);
        }
        ArrayNode stop = Fields.stopSequences(chat);
        if (!stop.isEmpty()) {
            config.set("stopSequences", stop);
        }
        Integer n = Fields.optionalPositiveInt(chat, "n", "");
        if (n != null) {
            config.put("candidateCount", n);
        }
        seed(chat, config);
        responseFormat(Fields.given(chat, "response_format"), config);
        return config;
    }

    private static void copyNumber(JsonNode chat, String field, ObjectNode config, String geminiField) {
        if (Fields.optionalNumber(chat, field, "") != null) {
            config.set(geminiField, chat.get(field));
        }
    }

    private static void seed(JsonNode chat, ObjectNode config) {
        JsonNode seed = Fields.given(chat, "seed");
        if (seed == null) {
            return;
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToInt()) {
            throw invalid("seed", "must be a 32-bit integer for gemini deployments, got " + seed);
        }
        config.put("seed", seed.asInt());
    }

    private static void responseFormat(@Nullable JsonNode format, ObjectNode config) {
        if (format == null) {
            return;
        }
        String type = Fields.requiredText(format, "type", "response_format");
        switch (type) {
            case "text" -> {}
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                ObjectNode jsonSchema = Fields.requiredObject(format, "json_schema", "response_format");
                ObjectNode schema = Fields.requiredObject(jsonSchema, "schema", "response_format.json_schema");
                config.put("responseMimeType", "application/json");
                config.set("responseSchema", SchemaCleaner.clean(schema, "response_format.json_schema.schema"));
            }
            default ->
                throw invalid(
                        "response_format.type", "'" + type + "' is not one of text, json_object," + " json_schema");
        }
    }
}
