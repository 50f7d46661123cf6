package dev.helix.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What a stream (a Server-Sent Events response, a WebSocket session) has sent and received so far: messages and
 * bytes, for the access-log line written when it ends. Safe to update from several threads.
 */
public final class StreamTally {
    private final AtomicLong sentMessages = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();
    private final AtomicLong receivedMessages = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();

    /** Counts {@code bytes} sent, completing {@code messages} messages (0 for heartbeats and message fragments). */
    public void sent(long bytes, int messages) {
        sentBytes.addAndGet(bytes);
        sentMessages.addAndGet(messages);
    }

    /** Counts {@code bytes} received, completing {@code messages} messages. */
    public void received(long bytes, int messages) {
        receivedBytes.addAndGet(bytes);
        receivedMessages.addAndGet(messages);
    }

    public long sentMessages() {
        return sentMessages.get();
    }

    public long sentBytes() {
        return sentBytes.get();
    }

    public long receivedMessages() {
        return receivedMessages.get();
    }

    public long receivedBytes() {
        return receivedBytes.get();
    }

    /** The number of bytes {@code text} takes in UTF-8, without encoding it. */
    public static long utf8Length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
