package dev.helix.gateway;

import dev.helix.gateway.usage.UsageRecord;
import java.util.Map;

/**
 * Where the gateway writes its answer: the HTTP response, complete or as a server-sent event stream, or a caller
 * inside Helix.
 */
interface AnswerSink {
    /**
     * The usage recorded for the answer, told before the answer ends ({@link #complete} or {@link #done}), or
     * after a stream broke. The HTTP answer has what it needs in its headers and ignores it.
     */
    default void recorded(UsageRecord record) {}

    /** Sends a complete JSON answer with 200. */
    void complete(Map<String, String> headers, byte[] json);

    /** Starts a 200 event stream with {@code headers}; nothing can fail over after this. */
    void open(Map<String, String> headers);

    /** Sends one {@code data:} event and flushes; throws {@link java.io.UncheckedIOException} if the client left. */
    void chunk(byte[] json);

    /** Sends a comment line (ignored by clients; used for the cost of a stream). */
    void comment(String text);

    /** Sends {@code data: [DONE]}: the stream ended properly. */
    void done();
}
