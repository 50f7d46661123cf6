package dev.helix.gateway.provider.format;

import java.util.Locale;

/**
 * A base64 {@code data:} URL split into its media type and payload, e.g.
 * {@code data:image/png;base64,iVBORw0...} gives {@code image/png} and {@code iVBORw0...}.
 */
public record DataUrl(String mediaType, String data) {
    /** Whether {@code url} is a {@code data:} URL. */
    public static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** Parses {@code url}; anything but a base64 data URL with a media type is refused, naming {@code path}. */
    public static DataUrl parse(String url, String path) {
        int comma = url.indexOf(',');
        if (!isDataUrl(url) || comma < 0) {
            throw Fields.invalid(path, "is not a data: URL");
        }
        String header = url.substring(5, comma);
        if (!header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw Fields.invalid(path, "must be a base64 data: URL (data:<media type>;base64,<data>)");
        }
        int semicolon = header.indexOf(';');
        String mediaType = header.substring(0, semicolon).trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            throw Fields.invalid(path, "has no media type (data:<media type>;base64,<data>)");
        }
        return new DataUrl(mediaType, url.substring(comma + 1));
    }
}
