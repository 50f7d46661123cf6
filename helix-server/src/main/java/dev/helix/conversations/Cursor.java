package dev.helix.conversations;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of conversations ends: the {@code updated} time and id of its last conversation, written as opaque
 * base64url text. The next page holds the conversations that come after it in the list's order (newest update first,
 * then id), so conversations made meanwhile never shift a page.
 *
 * @param updatedMillis the last conversation's update time, epoch millis
 * @param id            the last conversation's id
 */
record Cursor(long updatedMillis, String id) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,19}):(conv_[0-9A-Z]{26})");

    /** The cursor as the API gives it. */
    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((updatedMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} encodes; a 400 if it is not one this API gave. */
    static Cursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            Matcher m = TEXT.matcher(decoded);
            if (m.matches()) {
                return new Cursor(Long.parseLong(m.group(1)), m.group(2));
            }
        } catch (IllegalArgumentException e) {
            // not base64, or a number beyond a long: refused below
        }
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        throw ConversationException.invalid("'cursor' must be the 'next' of an earlier page, not '" + shown + "'");
    }
}
