package dev.helix.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every mock request takes: read and record it, pick its fault and latency, wait, let the endpoint answer,
 * send the answer (or the fault). Nothing is logged per request; only a failure of the mock itself is.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final byte[] NO_BODY = new byte[0];

    private final Supplier<MockLlmServer.Options> options;
    private final Recorder recorder;
    private final Faults faults;
    private final Sender sender;
    private final AtomicLong ids = new AtomicLong();

    Dispatcher(Supplier<MockLlmServer.Options> options, Recorder recorder, Faults faults, Sender sender) {
        this.options = options;
        this.recorder = recorder;
        this.faults = faults;
        this.sender = sender;
    }

    /** A Helidon handler for an endpoint that speaks {@code dialect}. */
    Handler endpoint(Dialect dialect, Function<Call, Reply> endpoint) {
        return (req, res) -> handle(req, res, dialect, endpoint);
    }

    /** The handler for anything else: recorded, then 404 in OpenAI's shape, without faults or latency. */
    Handler unknown() {
        return (req, res) -> {
            RecordedRequest recorded = recorder.record(req, body(req));
            ObjectNode body = Dialect.OPENAI.errorBody(
                    404,
                    "Unknown request URL: " + recorded.method() + " " + recorded.path()
                            + ". Please check the URL for typos.");
            ((ObjectNode) body.get("error")).put("code", "unknown_url");
            sender.send(res, Reply.json(404, Json.bytes(body)), null, Dialect.OPENAI, Duration.ZERO, 1);
        };
    }

    private void handle(ServerRequest req, ServerResponse res, Dialect dialect, Function<Call, Reply> endpoint)
            throws IOException {
        MockLlmServer.Options now = options.get(); // fixed before the request counts, so callers can rely on it
        RecordedRequest recorded = recorder.record(req, body(req));
        recorder.started();
        try {
            Fault fault;
            Duration latency;
            try {
                latency = Faults.latency(recorded, now.latency());
                fault = faults.next(recorded);
            } catch (IllegalArgumentException e) {
                sender.send(res, dialect.error(400, e.getMessage()), null, dialect, Duration.ZERO, 1);
                return;
            }
            Sender.pause(latency);
            sender.send(
                    res,
                    answer(endpoint, new Call(recorded, now, ids), dialect),
                    fault,
                    dialect,
                    now.chunkSpacing(),
                    now.chunks());
        } finally {
            recorder.finished();
        }
    }

    private static Reply answer(Function<Call, Reply> endpoint, Call call, Dialect dialect) {
        try {
            return endpoint.apply(call);
        } catch (CloseConnectionException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warn(
                    "mock LLM failed to answer {} {}",
                    call.request().method(),
                    call.request().path(),
                    e);
            return dialect.error(500, "the mock LLM server failed: " + e);
        }
    }

    private static byte[] body(ServerRequest req) throws IOException {
        if (!req.content().hasEntity()) {
            return NO_BODY;
        }
        try (InputStream in = req.content().inputStream()) {
            return in.readAllBytes();
        }
    }
}
