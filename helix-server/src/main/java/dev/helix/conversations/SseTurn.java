package dev.helix.conversations;

import dev.helix.internal.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A turn sent as Server-Sent Events as it happens: {@code message} (the message sent), {@code answer} (its answer,
 * queued or being written), {@code delta} ({@code {"message","index","text"}}, each piece of the answer's text) and
 * {@code done} (the answer as stored at its end); a command sends {@code message} and {@code done} (its result). The
 * stream opens with the first event, so a refusal before it (404, 409) is an ordinary problem document. A client that
 * leaves is not written to again.
 */
final class SseTurn implements TurnSink {
    private final ServerResponse res;
    private @Nullable OutputStream out;
    private boolean first = true;
    private boolean gone;

    SseTurn(ServerResponse res) {
        this.res = res;
    }

    @Override
    public void stored(Message m) {
        send(first ? "message" : "answer", m);
        first = false;
    }

    @Override
    public void text(Message answer, int index, String delta) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message", answer.id());
        data.put("index", index);
        data.put("text", delta);
        send("delta", data);
    }

    @Override
    public void ended(Message m) {
        send("done", m);
        close();
    }

    private synchronized void send(String event, Object data) {
        if (gone) {
            return;
        }
        try {
            OutputStream o = open();
            o.write(("event: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8));
            o.write(Json.bytes(data));
            o.write("\n\n".getBytes(StandardCharsets.UTF_8));
            o.flush();
        } catch (IOException | RuntimeException e) {
            gone = true;
        }
    }

    private OutputStream open() {
        OutputStream o = out;
        if (o == null) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            res.header("X-Accel-Buffering", "no");
            o = res.outputStream();
            out = o;
        }
        return o;
    }

    private synchronized void close() {
        OutputStream o = out;
        if (o != null && !gone) {
            try {
                o.close();
            } catch (IOException | RuntimeException e) {
                gone = true;
            }
        }
    }
}
