package dev.helix.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the body of a message sent to a conversation, {@code {"content", "stream"?, "metadata"?}}, strictly: the
 * content is a string or 1 to {@value #MAX_PARTS} parts (text, and images and files by {@code http(s)} reference),
 * each checked and bounded, every refusal naming the member.
 */
final class MessageBodies {
    /** The most parts one message may have. */
    static final int MAX_PARTS = 16;

    private static final Set<String> MEMBERS = Set.of("content", "stream", "metadata");
    private static final Set<String> TEXT = Set.of("type", "text");
    private static final Set<String> IMAGE = Set.of("type", "url", "mediaType");
    private static final Set<String> FILE = Set.of("type", "url", "name", "mediaType");
    private static final int MAX_URL = 2048;
    private static final int MAX_NAME = 256;
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9.+-]{0,49}/[a-z0-9][a-z0-9.+-]{0,99}");

    /**
     * A message to send.
     *
     * @param content  its parts
     * @param stream   whether the answer is sent as Server-Sent Events as it is written
     * @param metadata the sender's own JSON object
     */
    record NewMessage(List<Part> content, boolean stream, ObjectNode metadata) {
        /** The command a message of one text part starting with {@code !} runs. */
        Optional<String> command() {
            if (content.size() == 1 && content.getFirst().type().equals(Part.TEXT)) {
                String text = String.valueOf(content.getFirst().text()).strip();
                return text.startsWith("!") ? Optional.of(text) : Optional.empty();
            }
            return Optional.empty();
        }
    }

    private final long maxPart;
    private final long maxMetadata;

    MessageBodies(long maxPart, long maxMetadata) {
        this.maxPart = maxPart;
        this.maxMetadata = maxMetadata;
    }

    NewMessage read(JsonNode json) {
        ObjectNode body = JsonFields.object(json, MEMBERS);
        JsonNode content = body.get("content");
        if (content == null) {
            throw ConversationException.invalid("'content' is required: a string, or an array of parts");
        }
        List<Part> parts = content.isTextual() ? List.of(text(content.textValue(), "content")) : parts(content);
        return new NewMessage(
                parts,
                JsonFields.bool(body, "stream").orElse(false),
                JsonFields.object(body, "metadata")
                        .map(m -> JsonFields.bounded(m, "metadata", maxMetadata, "conversations.maxMetadataSize"))
                        .orElseGet(Drafts::empty));
    }

    private List<Part> parts(JsonNode content) {
        if (!content.isArray() || content.isEmpty() || content.size() > MAX_PARTS) {
            throw ConversationException.invalid("'content' must be a string, or an array of 1 to " + MAX_PARTS
                    + " parts, not " + (content.isArray() ? content.size() + " parts" : JsonFields.kind(content)));
        }
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), "content[" + i + "]"));
        }
        return parts;
    }

    private Part part(JsonNode json, String at) {
        if (!(json instanceof ObjectNode part)) {
            throw ConversationException.invalid("'" + at + "' must be a part object, not " + JsonFields.kind(json));
        }
        String type = JsonFields.text(part, "type")
                .orElseThrow(() -> ConversationException.invalid("'" + at + ".type' is required: text, image or file"));
        return switch (type) {
            case Part.TEXT -> {
                members(part, TEXT, at);
                yield text(string(part, "text", at), at + ".text");
            }
            case Part.IMAGE -> {
                members(part, IMAGE, at);
                yield new Part(Part.IMAGE, null, url(part, at), null, mediaType(part, at));
            }
            case Part.FILE -> {
                members(part, FILE, at);
                yield new Part(Part.FILE, null, url(part, at), name(part, at), mediaType(part, at));
            }
            default ->
                throw ConversationException.invalid(
                        "'" + at + ".type' must be text, image or file, not '" + Conversations.shorten(type) + "'");
        };
    }

    private Part text(String text, String at) {
        if (text.isBlank()) {
            throw ConversationException.invalid("'" + at + "' is empty; a message needs some text");
        }
        int bytes = text.length() > maxPart / 3 ? text.getBytes(StandardCharsets.UTF_8).length : 0;
        if (bytes > maxPart) {
            throw ConversationException.tooLarge(
                    "'" + at + "' is " + bytes + " bytes; the limit is " + maxPart + " (conversations.maxPartSize)");
        }
        return Part.text(text);
    }

    private static void members(ObjectNode part, Set<String> allowed, String at) {
        part.properties().forEach(member -> {
            if (!allowed.contains(member.getKey())) {
                throw ConversationException.invalid("unknown member '" + at + "." + member.getKey() + "'; a part of "
                        + "this type has " + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        });
    }

    private static String string(ObjectNode part, String name, String at) {
        JsonNode value = part.get(name);
        if (value == null || !value.isTextual()) {
            throw ConversationException.invalid("'" + at + "." + name + "' must be a string"
                    + (value == null ? "" : ", not " + JsonFields.kind(value)));
        }
        return value.textValue();
    }

    private static String url(ObjectNode part, String at) {
        String url = string(part, "url", at);
        boolean ok = url.length() <= MAX_URL;
        try {
            URI uri = new URI(url);
            ok = ok
                    && uri.isAbsolute()
                    && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw ConversationException.invalid("'" + at + ".url' must be an http or https URL of at most " + MAX_URL
                    + " characters: Helix keeps references to images and files, not their bytes");
        }
        return url;
    }

    private static @org.jspecify.annotations.Nullable String name(ObjectNode part, String at) {
        if (!part.has("name")) {
            return null;
        }
        String name = string(part, "name", at);
        if (name.isEmpty() || name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw ConversationException.invalid(
                    "'" + at + ".name' must be 1 to " + MAX_NAME + " characters without control characters");
        }
        return name;
    }

    private static @org.jspecify.annotations.Nullable String mediaType(ObjectNode part, String at) {
        if (!part.has("mediaType")) {
            return null;
        }
        String type = string(part, "mediaType", at);
        if (!MEDIA_TYPE.matcher(type).matches()) {
            throw ConversationException.invalid("'" + at + ".mediaType' must be a media type such as image/png, not '"
                    + Conversations.shorten(type) + "'");
        }
        return type;
    }
}
