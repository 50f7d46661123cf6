package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.anthropic.AnthropicFormat.PROVIDER;
import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.ContentParts;
import dev.helix.gateway.provider.format.DataUrl;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.ImageUrl;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns OpenAI message content (a string or an array of content parts) into Anthropic content blocks.
 *
 * <p>Text becomes {@code text} blocks (empty text is skipped: Anthropic rejects empty text blocks);
 * {@code image_url} becomes an {@code image} block with a {@code base64} source for data: URLs and a
 * {@code url} source for http(s) URLs; a {@code file} part holding a base64 PDF becomes a {@code document}
 * block. Audio, file ids and any other part type are refused rather than dropped.
 */
final class ContentBlocks {
    private ContentBlocks() {}

    /** Blocks of a user message (or of a tool result): text, images and PDF documents. */
    static ArrayNode user(@Nullable JsonNode content, String path) {
        ArrayNode blocks = Fields.array();
        ContentParts.forEach(content, path, (part, partPath) -> addUserPart(blocks, part, partPath));
        return blocks;
    }

    /** Text blocks of an assistant message: text and refusal parts. */
    static ArrayNode assistant(@Nullable JsonNode content, String path) {
        ArrayNode blocks = Fields.array();
        ContentParts.forEach(
                content,
                path,
                (part, partPath) -> addText(blocks, ContentParts.assistantText(part, partPath, PROVIDER)));
        return blocks;
    }

    /** The text of a system or developer message; only text parts are allowed there. */
    static String systemText(@Nullable JsonNode content, String path) {
        List<String> texts = new ArrayList<>();
        ContentParts.forEach(content, path, (part, partPath) -> texts.add(ContentParts.text(part, partPath, PROVIDER)));
        return String.join("\n", texts);
    }

    private static void addUserPart(ArrayNode blocks, JsonNode part, String path) {
        String type = ContentParts.type(part, path);
        switch (type) {
            case "text" -> addText(blocks, Fields.requiredText(part, "text", path));
            case "image_url" -> blocks.add(image(part, path));
            case "file" -> blocks.add(document(part, path));
            default -> throw Fields.unsupportedType(path, type, PROVIDER);
        }
    }

    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private static ObjectNode image(JsonNode part, String path) {
        ImageUrl image = ImageUrl.read(part, path);
        ObjectNode block = Fields.object().put("type", "image");
        if (image.data() == null) {
            block.putObject("source").put("type", "url").put("url", image.url());
            return block;
        }
        if (!image.data().mediaType().startsWith("image/")) {
            throw invalid(
                    at(path, "image_url.url"), "has media type " + image.data().mediaType() + ", not an image");
        }
        block.set("source", base64Source(image.data()));
        return block;
    }

    private static ObjectNode document(JsonNode part, String path) {
        DataUrl data = ContentParts.fileData(part, path, PROVIDER);
        if (!data.mediaType().equals("application/pdf")) {
            throw invalid(
                    at(path, "file.file_data"),
                    "has media type " + data.mediaType() + "; anthropic deployments accept application/pdf files");
        }
        ObjectNode block = Fields.object().put("type", "document");
        block.set("source", base64Source(data));
        return block;
    }

    private static ObjectNode base64Source(DataUrl data) {
        return Fields.object()
                .put("type", "base64")
                .put("media_type", data.mediaType())
                .put("data", data.data());
    }
}
