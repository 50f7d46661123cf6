package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code content} of an OpenAI message: a string, or an array of content parts such as
 * {@code {type:"text", text}}. Refusals name the provider, e.g.
 * {@code messages[0].content[1].type 'input_audio' is not supported by anthropic deployments here}.
 */
public final class ContentParts {
    private ContentParts() {}

    /**
     * Calls {@code action} with each part of {@code content} and the part's path ({@code path[i]}), in order.
     * Null content has no parts; a string is one text part.
     *
     * @throws IllegalArgumentException when {@code content} is neither a string nor an array
     */
    public static void forEach(@Nullable JsonNode content, String path, BiConsumer<JsonNode, String> action) {
        List<JsonNode> parts = of(content, path);
        for (int i = 0; i < parts.size(); i++) {
            action.accept(parts.get(i), at(path, i));
        }
    }

    /** The {@code type} of a part that must be a JSON object. */
    public static String type(JsonNode part, String path) {
        Fields.requireObject(part, path);
        return Fields.requiredText(part, "type", path);
    }

    /** The text of a part where only text parts are allowed (system, developer and tool messages). */
    public static String text(JsonNode part, String path, String provider) {
        String type = Fields.requiredText(part, "type", path);
        if (!type.equals("text")) {
            throw Fields.unsupportedType(path, type, provider);
        }
        return Fields.requiredText(part, "text", path);
    }

    /** The text of an assistant message part: a text or a refusal part. */
    public static String assistantText(JsonNode part, String path, String provider) {
        String type = type(part, path);
        return switch (type) {
            case "text" -> Fields.requiredText(part, "text", path);
            case "refusal" -> Fields.requiredText(part, "refusal", path);
            default -> throw Fields.unsupportedType(path, type, provider);
        };
    }

    /**
     * The base64 {@code file_data} of a {@code file} part; an OpenAI file id cannot be read by {@code provider}
     * and is refused.
     */
    public static DataUrl fileData(JsonNode part, String path, String provider) {
        String filePath = at(path, "file");
        String fileData = Fields.optionalText(Fields.requiredObject(part, "file", path), "file_data", filePath);
        if (fileData == null) {
            throw invalid(
                    at(filePath, "file_data"), "is required: " + provider + " deployments cannot read OpenAI file ids");
        }
        return DataUrl.parse(fileData, at(filePath, "file_data"));
    }

    private static List<JsonNode> of(@Nullable JsonNode content, String path) {
        List<JsonNode> parts = new ArrayList<>();
        if (content == null) {
            return parts;
        }
        if (content.isTextual()) {
            parts.add(Fields.object().put("type", "text").put("text", content.asText()));
            return parts;
        }
        if (!content.isArray()) {
            throw invalid(path, "must be a string or an array of content parts");
        }
        content.forEach(parts::add);
        return parts;
    }
}
