package dev.helix.memory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of memories ends: the {@code updated} time and id of its last memory, as opaque base64url text. The
 * next page holds the memories after it in the list's order (newest change first, then id).
 *
 * @param updatedMillis the last memory's update time, epoch millis
 * @param id            the last memory's id
 */
record MemoryCursor(long updatedMillis, String id) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,19}):(mem_[0-9A-Z]{26})");

    /** The cursor as the API gives it. */
    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((updatedMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} encodes; a 400 if it is not one this API gave. */
    static MemoryCursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            Matcher m = TEXT.matcher(decoded);
            if (m.matches()) {
                return new MemoryCursor(Long.parseLong(m.group(1)), m.group(2));
            }
        } catch (IllegalArgumentException e) {
            // not base64, or a number beyond a long: refused below
        }
        throw MemoryException.invalid(
                "'cursor' must be the 'next' of an earlier page, not '" + Memories.shorten(text) + "'");
    }
}
