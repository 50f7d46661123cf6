package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;
import static dev.helix.gateway.provider.gemini.GeminiFormat.PROVIDER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.ContentParts;
import dev.helix.gateway.provider.format.DataUrl;
import dev.helix.gateway.provider.format.Fields;
import dev.helix.gateway.provider.format.ImageUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns OpenAI message content (a string or an array of content parts) into Gemini {@code parts}.
 *
 * <p>Text becomes {@code {text}} (empty text is skipped); {@code image_url} with a data: URL becomes
 * {@code inlineData}, with an http(s) URL {@code fileData {fileUri, mimeType}} (the MIME type is guessed from the
 * file extension and left out when unknown; Gemini fetches only URLs it supports, such as Files API URIs, and
 * answers with an error otherwise); {@code input_audio} (wav, mp3) and {@code file} parts with base64
 * {@code file_data} become {@code inlineData}. File ids and unknown part types are refused, never dropped.
 */
final class Parts {
    private static final Map<String, String> IMAGE_TYPES = Map.of(
            ".png",
            "image/png",
            ".jpg",
            "image/jpeg",
            ".jpeg",
            "image/jpeg",
            ".gif",
            "image/gif",
            ".webp",
            "image/webp",
            ".heic",
            "image/heic",
            ".heif",
            "image/heif");

    private Parts() {}

    /** Parts of a user message: text, images, audio and files. */
    static ArrayNode user(@Nullable JsonNode content, String path) {
        ArrayNode parts = Fields.array();
        ContentParts.forEach(content, path, (part, partPath) -> addUserPart(parts, part, partPath));
        return parts;
    }

    /** Text parts of an assistant message: text and refusal parts. */
    static ArrayNode model(@Nullable JsonNode content, String path) {
        ArrayNode parts = Fields.array();
        ContentParts.forEach(
                content,
                path,
                (part, partPath) -> addText(parts, ContentParts.assistantText(part, partPath, PROVIDER)));
        return parts;
    }

    /** The text of a system, developer or tool message, where only text parts are allowed. */
    static String text(@Nullable JsonNode content, String path) {
        List<String> texts = new ArrayList<>();
        ContentParts.forEach(content, path, (part, partPath) -> {
            Fields.requireObject(part, partPath);
            texts.add(ContentParts.text(part, partPath, PROVIDER));
        });
        return String.join("\n", texts);
    }

    static ObjectNode textPart(String text) {
        return Fields.object().put("text", text);
    }

    private static void addUserPart(ArrayNode parts, JsonNode part, String path) {
        String type = ContentParts.type(part, path);
        switch (type) {
            case "text" -> addText(parts, Fields.requiredText(part, "text", path));
            case "image_url" -> parts.add(image(part, path));
            case "input_audio" -> parts.add(audio(part, path));
            case "file" -> parts.add(inline(ContentParts.fileData(part, path, PROVIDER)));
            default -> throw Fields.unsupportedType(path, type, PROVIDER);
        }
    }

    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.add(textPart(text));
        }
    }

    private static ObjectNode image(JsonNode part, String path) {
        ImageUrl image = ImageUrl.read(part, path);
        if (image.data() != null) {
            return inline(image.data());
        }
        ObjectNode fileData = Fields.object();
        String mimeType = guessImageType(image.url());
        if (mimeType != null) {
            fileData.put("mimeType", mimeType);
        }
        fileData.put("fileUri", image.url());
        ObjectNode out = Fields.object();
        out.set("fileData", fileData);
        return out;
    }

    private static @Nullable String guessImageType(String url) {
        String plain = url.replaceFirst("[?#].*$", "").toLowerCase(Locale.ROOT);
        int dot = plain.lastIndexOf('.');
        return dot < 0 ? null : IMAGE_TYPES.get(plain.substring(dot));
    }

    private static ObjectNode audio(JsonNode part, String path) {
        ObjectNode audio = Fields.requiredObject(part, "input_audio", path);
        String audioPath = at(path, "input_audio");
        String data = Fields.requiredText(audio, "data", audioPath);
        String format = Fields.requiredText(audio, "format", audioPath);
        if (!format.equals("wav") && !format.equals("mp3")) {
            throw invalid(at(audioPath, "format"), "'" + format + "' is not one of wav, mp3");
        }
        return inline(new DataUrl("audio/" + format, data));
    }

    private static ObjectNode inline(DataUrl data) {
        ObjectNode out = Fields.object();
        out.putObject("inlineData").put("mimeType", data.mediaType()).put("data", data.data());
        return out;
    }
}
