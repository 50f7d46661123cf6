package dev.helix.conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One part of a message's content: {@code {"type":"text","text"}}, or an image or a file by reference,
 * {@code {"type":"image","url","mediaType"?}} and {@code {"type":"file","url","name"?,"mediaType"?}}. Helix stores
 * the reference, not the bytes.
 *
 * @param type      {@value #TEXT}, {@value #IMAGE} or {@value #FILE}
 * @param text      the text of a text part
 * @param url       where an image or file is
 * @param name      a file's name
 * @param mediaType the media type of an image or file, e.g. {@code image/png}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "text", "url", "name", "mediaType"})
public record Part(
        String type,
        @Nullable String text,
        @Nullable String url,
        @Nullable String name,
        @Nullable String mediaType) {
    public static final String TEXT = "text";
    public static final String IMAGE = "image";
    public static final String FILE = "file";

    public Part {
        Objects.requireNonNull(type, "type");
    }

    /** A text part. */
    public static Part text(String text) {
        return new Part(TEXT, text, null, null, null);
    }
}
