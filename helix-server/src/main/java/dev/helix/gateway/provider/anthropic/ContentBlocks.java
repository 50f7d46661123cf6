package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.DataUrl;
import dev.helix.gateway.provider.format.Fields;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns OpenAI message content (a string or an array of content parts) into Anthropic content blocks.
 *
 * <p>Text becomes {@code text} blocks (empty text is skipped: Anthropic rejects empty text blocks);
 * {@code image_url} becomes an {@code image} block with a {@code base64} source for data: URLs and a
 * {@code url} source for http(s) URLs; a {@code file} part holding a base64 PDF becomes a {@code document}
 * block. Audio, file ids and any other part type are refused rather than dropped.
 */
final class ContentBlocks {
    private ContentBlocks() {
    }

    /** Blocks of a user message (or of a tool result): text, images and PDF documents. */
    static ArrayNode user(JsonNode content, String path) {
        ArrayNode blocks = Fields.array();
        if (content == null) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            addUserPart(blocks, part, at(path, index++));
        }
        return blocks;
    }

    /** Text blocks of an assistant message: text and refusal parts. */
    static ArrayNode assistant(JsonNode content, String path) {
        ArrayNode blocks = Fields.array();
        if (content == null) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.asText());
            return blocks;
        }
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            addText(blocks, assistantText(part, at(path, index++)));
        }
        return blocks;
    }

    /** The text of a system or developer message; only text parts are allowed there. */
    static String systemText(JsonNode content, String path) {
        if (content == null) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> texts = new ArrayList<>();
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            String partPath = at(path, index++);
            String type = Fields.requiredText(part, "type", partPath);
            if (!type.equals("text")) {
                throw unsupported(partPath, type);
            }
            texts.add(Fields.requiredText(part, "text", partPath));
        }
        return String.join("\n", texts);
    }

    static IllegalArgumentException unsupported(String partPath, String type) {
        return invalid(at(partPath, "type"), "'" + type + "' is not supported by anthropic deployments here");
    }

    private static List<JsonNode> partsOf(JsonNode content, String path) {
        if (!content.isArray()) {
            throw invalid(path, "must be a string or an array of content parts");
        }
        List<JsonNode> parts = new ArrayList<>();
        content.forEach(parts::add);
        return parts;
    }

    private static void addUserPart(ArrayNode blocks, JsonNode part, String path) {
        Fields.requireObject(part, path);
        String type = Fields.requiredText(part, "type", path);
        switch (type) {
            case "text" -> addText(blocks, Fields.requiredText(part, "text", path));
            case "image_url" -> blocks.add(image(part, path));
            case "file" -> blocks.add(document(part, path));
            default -> throw unsupported(path, type);
        }
    }

    private static String assistantText(JsonNode part, String path) {
        Fields.requireObject(part, path);
        String type = Fields.requiredText(part, "type", path);
        return switch (type) {
            case "text" -> Fields.requiredText(part, "text", path);
            case "refusal" -> Fields.requiredText(part, "refusal", path);
            default -> throw unsupported(path, type);
        };
    }

    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private static ObjectNode image(JsonNode part, String path) {
        JsonNode imageUrl = Fields.given(part, "image_url");
        String urlPath = at(path, "image_url.url");
        String url = imageUrl != null && imageUrl.isTextual()
                ? imageUrl.asText() : Fields.requiredText(imageUrl, "url", at(path, "image_url"));
        ObjectNode block = Fields.object().put("type", "image");
        ObjectNode source = block.putObject("source");
        if (DataUrl.isDataUrl(url)) {
            DataUrl data = DataUrl.parse(url, urlPath);
            if (!data.mediaType().startsWith("image/")) {
                throw invalid(urlPath, "has media type " + data.mediaType() + ", not an image");
            }
            source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.data());
        } else if (url.startsWith("https://") || url.startsWith("http://")) {
            source.put("type", "url").put("url", url);
        } else {
            throw invalid(urlPath, "must be a data: URL or an http(s) URL");
        }
        return block;
    }

    private static ObjectNode document(JsonNode part, String path) {
        ObjectNode file = Fields.requiredObject(part, "file", path);
        String filePath = at(path, "file");
        String fileData = Fields.optionalText(file, "file_data", filePath);
        if (fileData == null) {
            throw invalid(at(filePath, "file_data"), "is required: anthropic deployments cannot read OpenAI file ids");
        }
        DataUrl data = DataUrl.parse(fileData, at(filePath, "file_data"));
        if (!data.mediaType().equals("application/pdf")) {
            throw invalid(at(filePath, "file_data"), "has media type " + data.mediaType()
                    + "; anthropic deployments accept application/pdf files");
        }
        ObjectNode block = Fields.object().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.data());
        return block;
    }
}
