package dev.helix.synthesis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of runs ends: the creation time and id of its last run, written as opaque base64url text; runs
 * queued meanwhile never shift a page.
 *
 * @param createdMillis the last run's creation time, epoch millis
 * @param id            the last run's id
 */
record RunCursor(long createdMillis, String id) {
    private static final Pattern TEXT = Pattern.compile("(\\d{1,19}):(syn_[0-9A-Z]{26})");

    /** The cursor as the API gives it. */
    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((createdMillis + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor {@code text} encodes; a 400 if it is not one this API gave. */
    static RunCursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            Matcher m = TEXT.matcher(decoded);
            if (m.matches()) {
                return new RunCursor(Long.parseLong(m.group(1)), m.group(2));
            }
        } catch (IllegalArgumentException e) {
            // not base64, or a number beyond a long: refused below
        }
        String shown = text.length() > 60 ? text.substring(0, 60) + "…" : text;
        throw SynthesisException.invalid("'cursor' must be the 'next' of an earlier page, not '" + shown + "'");
    }
}
