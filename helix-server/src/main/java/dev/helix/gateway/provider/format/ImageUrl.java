package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.at;
import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * The image of an OpenAI {@code image_url} content part: either {@code data} from a base64 data: URL, or the
 * {@code url} of an http(s) address (and {@code data} null).
 *
 * @param url  the URL as given
 * @param data the parsed data: URL, or null for an http(s) URL
 */
public record ImageUrl(String url, @Nullable DataUrl data) {
    /**
     * Reads {@code image_url} ({@code {url}}, or the URL as a bare string) of the part at
     * {@code path}; anything but a data: or http(s) URL is refused.
     */
    public static ImageUrl read(JsonNode part, String path) {
        JsonNode imageUrl = Fields.given(part, "image_url");
        String urlPath = at(path, "image_url.url");
        String url = imageUrl != null && imageUrl.isTextual()
                ? imageUrl.asText()
                : Fields.requiredText(imageUrl, "url", at(path, "image_url"));
        if (DataUrl.isDataUrl(url)) {
            return new ImageUrl(url, DataUrl.parse(url, urlPath));
        }
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw invalid(urlPath, "must be a data: URL or an http(s) URL");
        }
        return new ImageUrl(url, null);
    }
}
