package dev.helix.realtime;

import dev.helix.http.StreamTally;
import io.helidon.http.sse.SseEvent;

/**
 * How many bytes an event with text data takes on the wire as Helidon's SSE sink writes it, which the response
 * itself does not count: a {@code :} line per line of comment, {@code id:} and {@code event:} lines, a {@code data:}
 * line per line of data, then an empty line.
 */
final class SseSize {
    private static final int ID = "id:".length();
    private static final int EVENT = "event:".length();
    private static final int DATA = "data:".length();

    private SseSize() {}

    static long of(SseEvent event) {
        long bytes = 1;
        bytes += event.comment().map(c -> lines(1, c)).orElse(0L);
        bytes += event.id().map(id -> ID + StreamTally.utf8Length(id) + 1).orElse(0L);
        bytes += event.name()
                .map(name -> EVENT + StreamTally.utf8Length(name) + 1)
                .orElse(0L);
        Object data = event.data();
        return data == SseEvent.NO_DATA ? bytes : bytes + lines(DATA, String.valueOf(data));
    }

    /** {@code text} as lines of {@code prefix} bytes, the text and a newline; CR, LF and CRLF each end a line. */
    private static long lines(int prefix, String text) {
        long bytes = 0;
        int start = 0;
        boolean written = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                bytes += prefix + StreamTally.utf8Length(text.subSequence(start, i)) + 1;
                written = true;
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (!written || start < text.length()) {
            bytes += prefix + StreamTally.utf8Length(text.subSequence(start, text.length())) + 1;
        }
        return bytes;
    }
}
