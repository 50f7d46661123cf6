package dev.helix.gateway;

import java.util.Map;

/** Where the gateway writes its answer: the HTTP response, complete or as a server-sent event stream. */
interface AnswerSink {
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
