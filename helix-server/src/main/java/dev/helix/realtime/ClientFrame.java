package dev.helix.realtime;

import io.helidon.common.buffers.BufferData;

/** One frame a WebSocket client sent, as {@link FrameReader} hands it on once it has checked it. */
sealed interface ClientFrame {
    /**
     * A part of a text message, decoded.
     *
     * @param text the characters this frame completes (a character split across frames arrives whole, with the
     *             frame that ends it)
     * @param last whether this frame ends the message
     */
    record Text(String text, boolean last) implements ClientFrame {}

    /**
     * A part of a binary message.
     *
     * @param data the bytes
     * @param last whether this frame ends the message
     */
    record Binary(BufferData data, boolean last) implements ClientFrame {}

    /** A ping, to be answered with a pong carrying {@code payload}. */
    record Ping(byte[] payload) implements ClientFrame {}

    /** A pong, the answer to a ping. */
    record Pong(byte[] payload) implements ClientFrame {}

    /**
     * The client closes the connection.
     *
     * @param code   its close code, or 1005 (no status) when it gave none
     * @param reason its reason, possibly empty
     */
    record Close(int code, String reason) implements ClientFrame {}
}
