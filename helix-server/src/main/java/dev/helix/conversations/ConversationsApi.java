package dev.helix.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.config.RouteClass;
import dev.helix.http.EndUser;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Conversations over HTTP, for any key, each scoped to the caller's key and end user ({@code X-Helix-User} or
 * {@code ?user=}):
 *
 * <ul>
 *   <li>{@code POST /api/v1/conversations} {@code {"agent","title"?,"metadata"?}} makes one: 201;
 *   <li>{@code GET /api/v1/conversations?limit=&cursor=&agent=&archived=} lists the caller's, newest first; an admin
 *       lists every owner's with {@code owner=any} (and {@code key}, {@code user} to narrow it);
 *   <li>{@code GET/PATCH/DELETE /api/v1/conversations/{id}} reads, changes ({@code title}, {@code archived},
 *       {@code metadata}) and deletes one with its messages;
 *   <li>{@code GET /api/v1/conversations/{id}/messages?after=|before=&limit=} pages through its messages in seq
 *       order;
 *   <li>{@code POST /api/v1/conversations/{id}/messages} {@code {"content","stream"?,"metadata"?}} sends a message
 *       and answers 201 {@code {"message","answer"}} once the agent's answer is stored, or streams the turn as
 *       Server-Sent Events ({@code "stream": true}); a message starting with {@code !} runs a command instead.
 * </ul>
 *
 * Another owner's conversation is a 404, as is one that does not exist; an admin may read (not change) any.
 */
public final class ConversationsApi implements HttpFeature {
    /** The caller's conversations. */
    public static final String CONVERSATIONS = "/api/v1/conversations";
    /** One conversation by id. */
    public static final String CONVERSATION = CONVERSATIONS + "/{id}";
    /** The messages of one conversation. */
    public static final String MESSAGES = CONVERSATION + "/messages";

    private static final Set<String> LIST_PARAMETERS =
            Set.of("limit", "cursor", "agent", "archived", "owner", "key", EndUser.PARAMETER);
    private static final Set<String> ONE_PARAMETERS = Set.of(EndUser.PARAMETER);
    private static final Set<String> PAGE_PARAMETERS = Set.of("after", "before", "limit", EndUser.PARAMETER);

    /**
     * What sending a message is: any key, limited as {@link RouteClass#GATEWAY} (it calls the agent's model) and held
     * in that class's bulkhead while it is answered.
     */
    private static final RouteTraits SEND = RouteTraits.AUTHENTICATED.limitedAs(RouteClass.GATEWAY);

    private final Conversations conversations;
    private final Answering answering;
    private final ConversationBodies bodies;
    private final MessageBodies messageBodies;

    public ConversationsApi(Conversations conversations, Answering answering) {
        this.conversations = conversations;
        this.answering = answering;
        this.bodies = new ConversationBodies(conversations.config().maxMetadataSize());
        this.messageBodies = new MessageBodies(
                conversations.config().maxPartSize(), conversations.config().maxMetadataSize());
    }

    @Override
    public void register(Routes routes) {
        routes.post(CONVERSATIONS, this::create)
                .get(CONVERSATIONS, this::list)
                .get(CONVERSATION, this::get)
                .patch(CONVERSATION, this::change)
                .delete(CONVERSATION, this::delete)
                .get(MESSAGES, this::messages)
                .post(MESSAGES, SEND, this::send)
                .onError(ConversationException.class, ConversationsApi::problem);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        ConversationBodies.NewConversation body = bodies.create(JsonBody.read(req, JsonNode.class));
        Conversation c = conversations.create(caller.owner(), body.agent(), body.title(), body.metadata());
        res.header(HeaderNames.LOCATION, CONVERSATIONS + "/" + c.id());
        Responses.json(res, 201, c);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, LIST_PARAMETERS);
        boolean any = parameter(req, "owner").map(ConversationsApi::owner).orElse(false);
        ListQuery q = new ListQuery(
                caller,
                any,
                parameter(req, "key"),
                any ? Optional.ofNullable(caller.owner().user()) : Optional.empty(),
                parameter(req, "agent"),
                parameter(req, "archived").map(ConversationsApi::archived),
                limit(req),
                parameter(req, "cursor").map(Cursor::decode).orElse(null));
        if (!any && q.key().isPresent()) {
            throw ConversationException.invalid(
                    "'key' narrows a list of every owner's conversations: use it with " + "'owner=any' (admins only)");
        }
        Conversations.Page page = conversations.list(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.data());
        body.put("next", page.next().orElse(null));
        Responses.ok(res, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, conversations.get(caller(req, ONE_PARAMETERS), id(req)));
    }

    private void change(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        ConversationBodies.Changes changes = bodies.change(JsonBody.read(req, JsonNode.class));
        Responses.ok(res, conversations.change(caller.owner(), id(req), changes));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = id(req);
        int messages = conversations.delete(caller(req, ONE_PARAMETERS).owner(), id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("deleted", true);
        body.put("messages", messages);
        Responses.ok(res, body);
    }

    private void messages(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, PAGE_PARAMETERS);
        Long after = seq(req, "after");
        Long before = seq(req, "before");
        if (after != null && before != null) {
            throw ConversationException.invalid("give 'after' or 'before', not both");
        }
        Conversations.MessagePage page = conversations.messages(caller, id(req), after, before, limit(req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.data());
        body.put("before", page.before());
        body.put("after", page.after());
        Responses.ok(res, body);
    }

    private void send(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        MessageBodies.NewMessage message = messageBodies.read(JsonBody.read(req, JsonNode.class));
        if (message.stream()) {
            answering.send(Requests.principal(req), caller, id(req), message, Requests.id(req), new SseTurn(res));
            return;
        }
        GatheredTurn turn = new GatheredTurn();
        answering.send(Requests.principal(req), caller, id(req), message, Requests.id(req), turn);
        Responses.json(res, 201, turn.body());
    }

    private static @Nullable Long seq(ServerRequest req, String name) {
        return parameter(req, name)
                .map(v -> WholeNumbers.parse(v, name, 0, Long.MAX_VALUE))
                .orElse(null);
    }

    /** Who calls, after checking that the request has no query parameter outside {@code allowed}. */
    static Caller caller(ServerRequest req, Set<String> allowed) {
        for (String name : req.query().names()) {
            if (!allowed.contains(name)) {
                throw ConversationException.invalid("unknown parameter '" + Conversations.shorten(name) + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
        return Caller.of(req);
    }

    /** The {@code limit} parameter: a page size from 1 to {@link ListQuery#MAX_LIMIT}, {@link ListQuery#DEFAULT_LIMIT} if absent. */
    static int limit(ServerRequest req) {
        return parameter(req, "limit")
                .map(l -> (int) WholeNumbers.parse(l, "limit", 1, ListQuery.MAX_LIMIT))
                .orElse(ListQuery.DEFAULT_LIMIT);
    }

    static Optional<String> parameter(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static boolean owner(String value) {
        return switch (value) {
            case "any" -> true;
            case "me" -> false;
            default ->
                throw ConversationException.invalid(
                        "'owner' must be 'me' (the default) or 'any', not '" + Conversations.shorten(value) + "'");
        };
    }

    private static boolean archived(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw ConversationException.invalid(
                        "'archived' must be true or false, not '" + Conversations.shorten(value) + "'");
        };
    }

    private static Problem problem(ConversationException e) {
        Problem p = switch (e.kind()) {
            case INVALID ->
                Problem.of(400, "invalid-conversation-request", "Invalid conversation request", e.getMessage());
            case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "conversation-not-found", "Conversation not found", e.getMessage());
            case CONFLICT -> Problem.of(409, "conversation-busy", "Conversation busy", e.getMessage());
            case TOO_LARGE -> Problem.of(413, "payload-too-large", "Payload too large", e.getMessage());
        };
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            p = p.with(d.getKey(), d.getValue());
        }
        return p;
    }
}
