package dev.helix.testkit;

import io.helidon.http.Header;
import io.helidon.http.HeaderValues;
import java.util.List;

/** What an endpoint answers, before a {@link Fault} may spoil it: one body, or a stream of events. */
sealed interface Reply {

    /** A whole body with {@code Content-Length}. */
    record Body(int status, Header contentType, byte[] bytes) implements Reply {}

    /**
     * A streamed 200 answer, written event by event with a flush after each; {@code events} are already framed
     * (e.g. {@code data: {...}\n\n}) and include any end marker such as {@code data: [DONE]}.
     */
    record Stream(Header contentType, List<byte[]> events) implements Reply {}

    static Reply json(int status, byte[] bytes) {
        return new Body(status, HeaderValues.CONTENT_TYPE_JSON, bytes);
    }

    static Reply json(byte[] bytes) {
        return json(200, bytes);
    }

    static Reply sse(List<byte[]> events) {
        return new Stream(HeaderValues.CONTENT_TYPE_EVENT_STREAM, events);
    }

    default Header contentType() {
        return switch (this) {
            case Body body -> body.contentType();
            case Stream stream -> stream.contentType();
        };
    }
}
