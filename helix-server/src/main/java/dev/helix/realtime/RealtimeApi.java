package dev.helix.realtime;

import dev.helix.config.HelixConfig;
import dev.helix.http.Authenticator;
import dev.helix.http.EndUser;
import dev.helix.http.HttpFeature;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.StreamTally;
import dev.helix.http.WholeNumbers;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Real-time push over HTTP: the WebSocket endpoint {@code /api/v1/realtime} (with an HTTP route of the same path
 * that answers refused upgrades: 401 without a valid key, 426 for a plain request) and the Server-Sent Events
 * stream {@code GET /api/v1/events?topics=state,agents}, resumable with {@code Last-Event-ID}.
 */
public final class RealtimeApi implements HttpFeature {
    private static final int MAX_TOPICS = 64;
    /**
     * A comment with an empty data line: EventSource dispatches nothing for it (empty data buffer), and Helidon's
     * sink cannot write an event without data.
     */
    private static final SseEvent HEARTBEAT =
            SseEvent.builder().comment("keep-alive").data("").build();

    private static final long HEARTBEAT_BYTES = SseSize.of(HEARTBEAT);

    /** The WebSocket endpoint (a plain GET there is answered 426). */
    public static final String REALTIME = "/api/v1/realtime";
    /** The Server-Sent Events stream. */
    public static final String EVENTS = "/api/v1/events";

    private final RealtimeHub hub;
    private final Authenticator keys;
    private final BooleanSupplier ready;
    private final HelixConfig.Realtime config;

    public RealtimeApi(RealtimeHub hub, Authenticator keys, BooleanSupplier ready, HelixConfig.Realtime config) {
        this.hub = hub;
        this.keys = keys;
        this.ready = ready;
        this.config = config;
    }

    @Override
    public void register(Routes routes) {
        RouteTraits stream = RouteTraits.AUTHENTICATED.stream();
        routes.websocket(
                        REALTIME,
                        () -> new RealtimeSocket(
                                hub,
                                keys,
                                ready,
                                config.heartbeat().toMillis(),
                                config.maxPending(),
                                config.maxMessageSize()))
                .get(REALTIME, stream, (req, res) -> {
                    EndUser.of(req); // a malformed end user refused the upgrade: say so, not "upgrade required"
                    throw new ProblemException(
                            Problem.of(
                                    426,
                                    "upgrade-required",
                                    "Upgrade required",
                                    REALTIME + " is a WebSocket endpoint; connect with a WebSocket client "
                                            + "(or use GET " + EVENTS + " for Server-Sent Events)"),
                            Map.of("Upgrade", "websocket", "Connection", "Upgrade"));
                })
                .get(EVENTS, stream, this::events);
    }

    private void events(ServerRequest req, ServerResponse res) {
        List<String> topics = topics(req);
        Long since = since(req);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
            res.send();
            return;
        }
        Subscriber subscriber =
                new Subscriber(Requests.principal(req), EndUser.of(req).orElse(null));
        Connection c = new Connection(Requests.id(req), subscriber, config.maxPending()) {};
        try {
            refuseTopics(c, topics);
            List<String> unknown = hub.subscribe(c, topics, since);
            if (!unknown.isEmpty()) {
                throw ProblemException.badRequest("unknown topic(s) " + unknown + "; topics: " + hub.describeTopics());
            }
            hub.register(c);
            StreamTally tally = Requests.tally(req);
            try (SseSink sink = res.sink(SseSink.TYPE)) {
                stream(c, sink, tally);
            }
        } catch (UncheckedIOException | IllegalStateException gone) {
            // the client went away
        } finally {
            c.ended();
            hub.disconnect(c);
        }
    }

    /** Throws 403 if {@code c} may not follow one of {@code topics} (unknown ones are told by the subscription). */
    private void refuseTopics(Connection c, List<String> topics) {
        for (String topic : topics) {
            if (hub.refusal(c, topic).filter("forbidden-topic"::equals).isPresent()) {
                throw ProblemException.forbidden("topic '" + ClientRequests.abbreviate(topic) + "' needs a key of role "
                        + hub.roleFor(topic).id());
            }
        }
    }

    /** Sends what the connection queues, and heartbeats, until it closes; counts what was sent in {@code tally}. */
    private void stream(Connection c, SseSink sink, StreamTally tally) {
        long heartbeat = config.heartbeat().toMillis();
        try {
            while (true) {
                Outgoing next = c.next(heartbeat);
                if (next instanceof Outgoing.Close close) {
                    emit(
                            sink,
                            tally,
                            SseEvent.builder()
                                    .name("close")
                                    .data("{\"type\":\"close\",\"code\":" + close.code() + ",\"reason\":\""
                                            + close.reason().replace("\"", "'") + "\"}")
                                    .build());
                    return;
                }
                if (next instanceof Outgoing.Message m) {
                    emit(sink, tally, sse(m));
                    hub.delivered(m);
                } else {
                    sink.emit(HEARTBEAT);
                    tally.sent(HEARTBEAT_BYTES, 0);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void emit(SseSink sink, StreamTally tally, SseEvent event) {
        sink.emit(event);
        tally.sent(SseSize.of(event), 1);
    }

    private static SseEvent sse(Outgoing.Message m) {
        SseEvent.Builder b = SseEvent.builder().name(m.name()).data(m.json());
        if (m.offset() >= 0) {
            b.id(Long.toString(m.offset()));
        }
        return b.build();
    }

    private List<String> topics(ServerRequest req) {
        Optional<String> param = req.query().first("topics").asOptional();
        if (param.isEmpty() || param.get().isEmpty()) {
            return List.copyOf(hub.topics());
        }
        List<String> names = Arrays.stream(param.get().split(",", MAX_TOPICS + 1))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (names.size() > MAX_TOPICS) {
            throw ProblemException.badRequest("at most " + MAX_TOPICS + " topics may be followed at once");
        }
        return names;
    }

    private static @Nullable Long since(ServerRequest req) {
        Optional<String> text = req.headers()
                .first(HeaderNames.create("Last-Event-ID"))
                .or(() -> req.query().first("since").asOptional());
        if (text.isEmpty() || text.get().isEmpty()) {
            return null;
        }
        long offset = WholeNumbers.parseOrMinusOne(text.get());
        if (offset < 0) {
            throw ProblemException.badRequest("Last-Event-ID (or since) must be " + ClientRequests.OFFSET + ", not '"
                    + ClientRequests.abbreviate(text.get()) + "'");
        }
        return offset;
    }
}
