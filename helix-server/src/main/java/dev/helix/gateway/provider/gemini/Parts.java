package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.DataUrl;
import dev.helix.gateway.provider.format.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
    private static final Map<String, String> IMAGE_TYPES = Map.of(".png", "image/png", ".jpg", "image/jpeg",
            ".jpeg", "image/jpeg", ".gif", "image/gif", ".webp", "image/webp", ".heic", "image/heic",
            ".heif", "image/heif");

    private Parts() {
    }

    /** Parts of a user message: text, images, audio and files. */
    static ArrayNode user(JsonNode content, String path) {
        ArrayNode parts = Fields.array();
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            addUserPart(parts, part, at(path, index++));
        }
        return parts;
    }

    /** Text parts of an assistant message: text and refusal parts. */
    static ArrayNode model(JsonNode content, String path) {
        ArrayNode parts = Fields.array();
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            addText(parts, assistantText(part, at(path, index++)));
        }
        return parts;
    }

    /** The text of a system, developer or tool message, where only text parts are allowed. */
    static String text(JsonNode content, String path) {
        List<String> texts = new ArrayList<>();
        int index = 0;
        for (JsonNode part : partsOf(content, path)) {
            String partPath = at(path, index++);
            Fields.requireObject(part, partPath);
            String type = Fields.requiredText(part, "type", partPath);
            if (!type.equals("text")) {
                throw unsupported(partPath, type);
            }
            texts.add(Fields.requiredText(part, "text", partPath));
        }
        return String.join("\n", texts);
    }

    static ObjectNode textPart(String text) {
        return Fields.object().put("text", text);
    }

    /** Content parts as a list; a plain string is one text part, null none. */
    private static List<JsonNode> partsOf(JsonNode content, String path) {
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

    private static IllegalArgumentException unsupported(String partPath, String type) {
        return invalid(at(partPath, "type"), "'" + type + "' is not supported by gemini deployments here");
    }

    private static void addUserPart(ArrayNode parts, JsonNode part, String path) {
        Fields.requireObject(part, path);
        String type = Fields.requiredText(part, "type", path);
        switch (type) {
            case "text" -> addText(parts, Fields.requiredText(part, "text", path));
            case "image_url" -> parts.add(image(part, path));
            case "input_audio" -> parts.add(audio(part, path));
            case "file" -> parts.add(file(part, path));
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

    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.add(textPart(text));
        }
    }

    private static ObjectNode image(JsonNode part, String path) {
        JsonNode imageUrl = Fields.given(part, "image_url");
        String urlPath = at(path, "image_url.url");
        String url = imageUrl != null && imageUrl.isTextual()
                ? imageUrl.asText() : Fields.requiredText(imageUrl, "url", at(path, "image_url"));
        if (DataUrl.isDataUrl(url)) {
            return inline(DataUrl.parse(url, urlPath));
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw invalid(urlPath, "must be a data: URL or an http(s) URL");
        }
        ObjectNode fileData = Fields.object();
        String mimeType = guessImageType(url);
        if (mimeType != null) {
            fileData.put("mimeType", mimeType);
        }
        fileData.put("fileUri", url);
        ObjectNode out = Fields.object();
        out.set("fileData", fileData);
        return out;
    }

    private static String guessImageType(String url) {
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

    private static ObjectNode file(JsonNode part, String path) {
        ObjectNode file = Fields.requiredObject(part, "file", path);
        String filePath = at(path, "file");
        String fileData = Fields.optionalText(file, "file_data", filePath);
        if (fileData == null) {
            throw invalid(at(filePath, "file_data"), "is required: gemini deployments cannot read OpenAI file ids");
        }
        return inline(DataUrl.parse(fileData, at(filePath, "file_data")));
    }

    private static ObjectNode inline(DataUrl data) {
        ObjectNode out = Fields.object();
        out.putObject("inlineData").put("mimeType", data.mediaType()).put("data", data.data());
        return out;
    }
}
