package dev.helix.state;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.config.HelixConfig.Caching;
import dev.helix.http.EntityTags;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import dev.helix.internal.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The shared state over HTTP: {@code GET/PUT/PATCH /api/v1/state}, {@code GET /api/v1/state/history} and
 * {@code GET /api/v1/state/versions/{n}}. Who may write is {@code state.writeRole}, declared with the routes. Who
 * wrote a version is shown as {@link StateVersion#seenBy} says: in full to admins and to the author itself.
 */
public final class StateApi implements HttpFeature {
    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 1000;

    /** The shared state document. */
    public static final String STATE = "/api/v1/state";
    /** A version of it by number. */
    public static final String VERSION = STATE + "/versions/{version}";
    /**
     * How {@code GET} {@link #STATE} is cached: five minutes, shared by callers of the same role, keyed by the
     * {@code path} parameter too, under the tag {@code state} (which every state change invalidates).
     */
    public static final Caching.Policy CACHING = Caching.Policy.builder(Duration.ofMinutes(5))
            .scope(Caching.Scope.ROLE)
            .query("path")
            .tags("state")
            .build();

    private final SharedState state;
    private final RouteTraits writes;

    /** {@code writeRole}: the least role that may change the state ({@code state.writeRole}). */
    public StateApi(SharedState state, Role writeRole) {
        this.state = state;
        this.writes = writeRole == Role.ADMIN ? RouteTraits.ADMIN : RouteTraits.AUTHENTICATED;
    }

    @Override
    public void register(Routes routes) {
        routes.get(STATE, RouteTraits.AUTHENTICATED.cached(CACHING), this::read)
                .put(STATE, writes, this::replace)
                .patch(STATE, writes, this::merge)
                .get(STATE + "/history", this::history)
                .get(VERSION, this::version)
                .onError(StateException.class, StateApi::problem);
    }

    private void read(ServerRequest req, ServerResponse res) {
        StateSnapshot s = state.current();
        res.header(HeaderNames.ETAG, s.etag());
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("Accept-Patch", MERGE_PATCH);
        if (EntityTags.noneMatch(req, s.etag())) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        Optional<String> path = req.query().first("path").asOptional();
        byte[] body = path.isEmpty() ? s.json() : Json.bytes(SharedState.at(s, path.get()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        OptionalLong expected = expectedVersion(req);
        JsonNode document = JsonBody.read(req, JsonNode.class);
        Principal caller = Requests.principal(req);
        written(res, state.replace(document, expected, Author.of(caller, "api")), caller);
    }

    private void merge(ServerRequest req, ServerResponse res) {
        String type = req.headers()
                .contentType()
                .map(HttpMediaType::mediaType)
                .map(m -> m.type() + "/" + m.subtype())
                .orElse("none")
                .toLowerCase(Locale.ROOT);
        if (!type.equals(MERGE_PATCH)) {
            throw new ProblemException(
                    Problem.of(
                            415,
                            "unsupported-media-type",
                            "Unsupported media type",
                            "PATCH /api/v1/state takes a JSON merge patch (Content-Type " + MERGE_PATCH + "), not "
                                    + type),
                    Map.of("Accept-Patch", MERGE_PATCH));
        }
        OptionalLong expected = expectedVersion(req);
        JsonNode patch = JsonBody.read(req, JsonNode.class);
        Principal caller = Requests.principal(req);
        written(res, state.merge(patch, expected, Author.of(caller, "api")), caller);
    }

    /** Answers a write with the version now current: the new one, or for a write that changed nothing the last. */
    private static void written(ServerResponse res, StateSnapshot s, Principal caller) {
        res.header(HeaderNames.ETAG, s.etag());
        Responses.ok(res, s.info().seenBy(caller));
    }

    /** The version named by {@code If-Match}: 428 without it; empty for {@code *}. */
    private OptionalLong expectedVersion(ServerRequest req) {
        EntityTags.Condition c = EntityTags.ifMatch(req)
                .orElseThrow(() -> new ProblemException(Problem.of(
                        428,
                        "precondition-required",
                        "Precondition required",
                        "writes to the state need an If-Match header "
                                + "with the version you read (its ETag, e.g. If-Match: \"12\"), or If-Match: * to "
                                + "overwrite whatever is there")));
        if (c.any()) {
            return OptionalLong.empty();
        }
        if (c.tags().size() != 1) {
            throw ProblemException.badRequest(
                    "If-Match must name exactly one version, not " + c.tags().size());
        }
        String tag = c.tags().getFirst();
        if (tag.startsWith("W/")) {
            throw StateException.stale(
                    parseVersion(tag.substring(3, tag.length() - 1), "If-Match"),
                    state.current().version());
        }
        return OptionalLong.of(parseVersion(tag.substring(1, tag.length() - 1), "If-Match"));
    }

    private void history(ServerRequest req, ServerResponse res) {
        long before = req.query()
                .first("before")
                .asOptional()
                .map(v -> parseVersion(v, "before"))
                .orElse(Long.MAX_VALUE);
        int limit = req.query()
                .first("limit")
                .asOptional()
                .map(v -> (int) WholeNumbers.parse(v, "limit", 1, MAX_PAGE))
                .orElse(DEFAULT_PAGE);
        Principal caller = Requests.principal(req);
        List<StateVersion> page =
                state.history(before, limit).stream().map(v -> v.seenBy(caller)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page);
        if (page.size() == limit && page.getLast().version() > 1) {
            body.put("next", STATE + "/history?before=" + page.getLast().version() + "&limit=" + limit);
        }
        Responses.ok(res, body);
    }

    private void version(ServerRequest req, ServerResponse res) {
        long n = parseVersion(req.path().pathParameters().get("version"), "version");
        StateSnapshot s = state.version(n);
        Map<String, Object> body = Json.mapper()
                .convertValue(
                        s.info().seenBy(Requests.principal(req)),
                        new TypeReference<LinkedHashMap<String, Object>>() {});
        body.put("document", s.document());
        res.header(HeaderNames.ETAG, s.etag());
        Responses.ok(res, body);
    }

    private static long parseVersion(String text, String what) {
        return WholeNumbers.parse(text, what, 0, Long.MAX_VALUE);
    }

    private static Problem problem(StateException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.of(400, "invalid-state", "Invalid state", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "not-found", "Not found", e.getMessage());
            case STALE_VERSION ->
                Problem.of(412, "stale-version", "Precondition failed", e.getMessage())
                        .with("currentVersion", e.currentVersion());
        };
    }
}
