package dev.helix.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agents' mailboxes over HTTP:
 *
 * <ul>
 *   <li>{@code POST /api/v1/agents/{id}/messages} posts a message: 202 {@code {"id":…}}; with an
 *       {@code Idempotency-Key} header, a post again with the same key gets the same id (and
 *       {@code Idempotent-Replayed: true}) instead of a second message;
 *   <li>{@code GET /api/v1/agents/{id}/messages?wait=30s&max=10} takes the next messages, waiting for the first:
 *       200 {@code {"data":[…]}};
 *   <li>{@code POST …/messages/{msgId}/ack}, {@code …/nack} acknowledge or release a taken message: 204;
 *   <li>{@code POST …/messages/{msgId}/reply} answers a message: 202 {@code {"id":…}};
 *   <li>{@code POST /api/v1/agents/{id}/requests?wait=10s} posts a message and waits for its answer: 200
 *       {@code {"request":…,"reply":{…}}}, or 504.
 * </ul>
 *
 * Any key may post and send requests; taking, acknowledging, releasing and answering need
 * {@code messaging.consumeRole}, declared with the routes. Long polls and waiting requests are long waits: no bulkhead
 * counts them.
 */
public final class MessagesApi implements HttpFeature {
    public static final String MESSAGES = "/api/v1/agents/{id}/messages";
    private static final int DEFAULT_MAX = 10;
    /** The request header that makes a post idempotent. */
    static final HeaderName IDEMPOTENCY_KEY = HeaderNames.create("Idempotency-Key");
    /** The answer header that says an earlier post with the key made the message. */
    static final HeaderName IDEMPOTENT_REPLAYED = HeaderNames.create("Idempotent-Replayed");

    private static final Duration DEFAULT_REQUEST_WAIT = Duration.ofSeconds(30);

    public static final String REQUESTS = "/api/v1/agents/{id}/requests";

    private final Mailboxes mailboxes;
    private final RouteTraits consumers;

    /** Answers for {@code mailboxes}; taking, settling and answering need {@code consumeRole}. */
    public MessagesApi(Mailboxes mailboxes, Role consumeRole) {
        this.mailboxes = mailboxes;
        this.consumers = consumeRole == Role.ADMIN ? RouteTraits.ADMIN : RouteTraits.AUTHENTICATED;
    }

    @Override
    public void register(Routes routes) {
        routes.post(MESSAGES, this::post)
                .get(MESSAGES, consumers.longWait().writing(), this::take)
                .post(MESSAGES + "/{msgId}/ack", consumers, this::ack)
                .post(MESSAGES + "/{msgId}/nack", consumers, this::nack)
                .post(MESSAGES + "/{msgId}/reply", consumers, this::reply)
                .post(REQUESTS, RouteTraits.AUTHENTICATED.longWait(), this::request)
                .onError(MessagingException.class, MessagesApi::problem);
    }

    private void post(ServerRequest req, ServerResponse res) {
        Draft draft = draft(req, MessageBody.MESSAGE);
        Optional<String> key = req.headers().first(IDEMPOTENCY_KEY);
        if (key.isEmpty()) {
            Responses.json(res, 202, Map.of("id", mailboxes.post(draft).id()));
            return;
        }
        Mailboxes.Posted posted = mailboxes.postOnce(draft, key.get());
        if (posted.replayed()) {
            res.header(IDEMPOTENT_REPLAYED, "true");
        }
        Responses.json(res, 202, Map.of("id", posted.id()));
    }

    private void take(ServerRequest req, ServerResponse res) {
        int max = req.query()
                .first("max")
                .asOptional()
                .map(v -> (int) WholeNumbers.parse(v, "max", 1, Mailboxes.MAX_TAKE))
                .orElse(DEFAULT_MAX);
        List<Message> taken = mailboxes.take(agent(req), max, waitParameter(req, Duration.ZERO));
        Responses.ok(res, Map.of("data", taken));
    }

    private void ack(ServerRequest req, ServerResponse res) {
        mailboxes.ack(agent(req), req.path().pathParameters().get("msgId"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void nack(ServerRequest req, ServerResponse res) {
        mailboxes.release(agent(req), req.path().pathParameters().get("msgId"));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void reply(ServerRequest req, ServerResponse res) {
        Draft answer = draft(req, MessageBody.ANSWER);
        Message sent = mailboxes.reply(agent(req), req.path().pathParameters().get("msgId"), answer);
        Responses.json(res, 202, Map.of("id", sent.id()));
    }

    private void request(ServerRequest req, ServerResponse res) {
        Duration wait = waitParameter(req, DEFAULT_REQUEST_WAIT);
        Mailboxes.Exchange exchange = mailboxes.request(draft(req, MessageBody.MESSAGE), wait);
        Responses.ok(res, Map.of("request", exchange.request(), "reply", exchange.reply()));
    }

    private static Draft draft(ServerRequest req, Set<String> members) {
        JsonNode body = JsonBody.read(req, JsonNode.class);
        return MessageBody.read(
                body, members, agent(req), Requests.principal(req).keyId());
    }

    /** The {@code wait} parameter, from 0 to {@code messaging.maxWait}; {@code absent} (capped) if not given. */
    private Duration waitParameter(ServerRequest req, Duration absent) {
        Duration longest = mailboxes.config().maxWait();
        return req.query()
                .first("wait")
                .asOptional()
                .map(w -> DurationText.parse(w, "wait", Duration.ZERO, longest))
                .orElse(absent.compareTo(longest) > 0 ? longest : absent);
    }

    private static String agent(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static Problem problem(MessagingException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.of(400, "invalid-message", "Invalid message request", e.getMessage());
            case TOO_LARGE -> Problem.of(413, "payload-too-large", "Payload too large", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "not-found", "Not found", e.getMessage());
            case CONFLICT -> Problem.of(409, "conflict", "Conflict", e.getMessage());
            case TIMEOUT -> Problem.of(504, "no-reply", "No reply in time", e.getMessage());
            case KEY_REUSED ->
                Problem.of(422, "idempotency-key-reused", "Idempotency key used for another message", e.getMessage());
        };
    }
}
