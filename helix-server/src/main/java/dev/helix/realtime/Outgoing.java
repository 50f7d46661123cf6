package dev.helix.realtime;

/** What a connection sends next: a message, or the instruction to close. */
sealed interface Outgoing {
    /**
     * One message to a client.
     *
     * @param name   the SSE event name: the event type, or {@code subscribed}, {@code snapshot}, {@code reset}, …
     * @param offset the topic offset it carries, or -1
     * @param json   the message as JSON, the same for WebSocket and SSE
     * @param eventAt epoch millis of the event it carries (for the delivery-time metric), or -1
     */
    record Message(String name, long offset, String json, long eventAt) implements Outgoing {
        Message(String name, long offset, String json) {
            this(name, offset, json, -1);
        }
    }

    /**
     * Close the connection.
     *
     * @param code   the WebSocket close code
     * @param reason why, for the client
     */
    record Close(int code, String reason) implements Outgoing {}
}
