package dev.helix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.gateway.usage.UsageRecord;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Collects a chat answer for a caller inside Helix: the text of the first choice (each streamed delta also handed
 * to a {@link TokenListener}), why it finished, whether it ended properly, and its usage record; then makes the
 * {@link ChatResult}. A listener that throws makes {@link #chunk} throw {@link UncheckedIOException}, which the
 * gateway takes as a client that left: it cancels the upstream call, as for an HTTP client that disconnects.
 */
final class ChatCollector implements AnswerSink {
    private final TokenListener listener;
    private final StringBuilder text = new StringBuilder();
    private @Nullable String finishReason;
    private @Nullable String streamError;
    private @Nullable Exception listenerFailure;
    private @Nullable UsageRecord record;
    private boolean ended;

    ChatCollector(TokenListener listener) {
        this.listener = listener;
    }

    @Override
    public void complete(Map<String, String> headers, byte[] json) {
        JsonNode choice = parse(json).path("choices").path(0);
        JsonNode content = choice.path("message").path("content");
        if (content.isTextual()) {
            text.append(content.asText());
        }
        finished(choice);
        ended = true;
    }

    @Override
    public void open(Map<String, String> headers) {}

    @Override
    public void chunk(byte[] json) {
        JsonNode chunk = parse(json);
        if (chunk.has("error")) {
            streamError = chunk.path("error").path("message").asText("the stream broke");
            return;
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt(0) == 0) {
                finished(choice);
                JsonNode delta = choice.path("delta").path("content");
                if (delta.isTextual() && !delta.asText().isEmpty()) {
                    text.append(delta.asText());
                    deliver(delta.asText());
                }
            }
        }
    }

    @Override
    public void comment(String text) {}

    @Override
    public void done() {
        ended = true;
    }

    @Override
    public void recorded(UsageRecord record) {
        this.record = record;
    }

    /** Whether the listener stopped the stream. */
    boolean stoppedByListener() {
        return listenerFailure != null;
    }

    /** The result of a call whose answer came (whole, cut, or stopped by the listener). */
    ChatResult result(String model, long latencyMillis) {
        UsageRecord r = record;
        if (ended && r != null && r.status() == 200) {
            return result(CallStatus.COMPLETE, model, r, latencyMillis, null);
        }
        Exception stopped = listenerFailure;
        if (stopped != null) {
            return result(CallStatus.CUT, model, r, latencyMillis, "the listener stopped the stream: " + stopped);
        }
        String broke = streamError == null ? "the answer ended before it was complete" : streamError;
        return result(text.isEmpty() ? CallStatus.FAILED : CallStatus.CUT, model, r, latencyMillis, broke);
    }

    /** Sets the thread's interrupt flag again if the listener was interrupted (the gateway may have cleared it). */
    void restoreInterrupt() {
        if (listenerFailure instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    private ChatResult result(
            CallStatus status, String model, @Nullable UsageRecord r, long latencyMillis, @Nullable String error) {
        return new ChatResult(
                status,
                status == CallStatus.FAILED ? "" : text.toString(),
                model,
                r == null ? null : r.deployment(),
                r == null ? 0 : r.usage().promptTokens(),
                r == null ? 0 : r.usage().completionTokens(),
                GatewayCalls.cost(r),
                r == null ? latencyMillis : r.latencyMillis(),
                finishReason,
                r != null && r.cacheHit(),
                error);
    }

    private void finished(JsonNode choice) {
        JsonNode reason = choice.path("finish_reason");
        if (reason.isTextual()) {
            finishReason = reason.asText();
        }
    }

    private void deliver(String delta) {
        try {
            listener.onToken(delta);
        } catch (Exception e) {
            listenerFailure = e;
            InterruptedIOException stop = new InterruptedIOException("the caller's listener stopped the stream");
            stop.initCause(e);
            throw new UncheckedIOException(stop);
        }
    }

    /** The answer's JSON; a chunk that is not JSON counts as empty (its text cannot be read). */
    private static JsonNode parse(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
