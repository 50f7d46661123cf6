package dev.helix.conversations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A turn gathered for an answer in one piece: {@code {"message": …, "answer": …}}. */
final class GatheredTurn implements TurnSink {
    private @Nullable Message sent;
    private @Nullable Message answer;

    @Override
    public void stored(Message m) {
        if (sent == null) {
            sent = m;
        }
    }

    @Override
    public void text(Message a, int index, String delta) {
        // the whole text comes with the answer
    }

    @Override
    public void ended(Message m) {
        answer = m;
    }

    /** The body of the answer: the message sent and how its turn ended. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", sent);
        body.put("answer", answer);
        return body;
    }
}
