package dev.helix.synthesis;

import dev.helix.access.Principal;
import dev.helix.conversations.Caller;
import dev.helix.conversations.Owner;
import dev.helix.http.EndUser;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Memory synthesis over HTTP, for any key, each run scoped to the owner of its conversation (key and end user,
 * {@code X-Helix-User} or {@code ?user=}):
 *
 * <ul>
 *   <li>{@code GET /api/v1/memory/synthesis/runs?conversation=&limit=&cursor=} lists the caller's runs, newest first;
 *       an admin lists every owner's with {@code owner=any};
 *   <li>{@code GET /api/v1/memory/synthesis/runs/{id}} reads one;
 *   <li>{@code POST /api/v1/conversations/{id}/synthesise} queues a run of the caller's conversation now: 202 with
 *       the run; 409 naming the run already queued or running; 503 when synthesis is turned off.
 * </ul>
 *
 * Another owner's run or conversation is a 404, as is one that does not exist; an admin may read (never queue) any.
 */
public final class SynthesisApi implements HttpFeature {
    /** The caller's synthesis runs. */
    public static final String RUNS = "/api/v1/memory/synthesis/runs";
    /** One run by id. */
    public static final String RUN = RUNS + "/{id}";
    /** Asks for a run of one conversation now. */
    public static final String SYNTHESISE = "/api/v1/conversations/{id}/synthesise";

    private static final Set<String> LIST_PARAMETERS =
            Set.of("limit", "cursor", "conversation", "owner", EndUser.PARAMETER);
    private static final Set<String> ONE_PARAMETERS = Set.of(EndUser.PARAMETER);

    private final Synthesis synthesis;

    public SynthesisApi(Synthesis synthesis) {
        this.synthesis = synthesis;
    }

    /** The body {@code POST …/synthesise} may have: an empty object. */
    record SynthesiseBody() {}

    @Override
    public void register(Routes routes) {
        routes.get(RUNS, this::list)
                .get(RUN, this::get)
                .post(SYNTHESISE, this::synthesise)
                .onError(SynthesisException.class, SynthesisApi::problem);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, LIST_PARAMETERS);
        boolean any = parameter(req, "owner").map(SynthesisApi::anyOwner).orElse(false);
        if (any && !caller.admin()) {
            throw SynthesisException.forbidden("'owner=any' lists every owner's runs: admins only");
        }
        RunQuery q = new RunQuery(
                caller.owner(),
                any,
                parameter(req, "conversation").orElse(null),
                parameter(req, "limit")
                        .map(l -> (int) WholeNumbers.parse(l, "limit", 1, RunQuery.MAX_LIMIT))
                        .orElse(RunQuery.DEFAULT_LIMIT),
                parameter(req, "cursor").map(RunCursor::decode).orElse(null));
        Synthesis.Page page = synthesis.list(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.data());
        body.put("next", page.next());
        Responses.ok(res, body);
    }

    private void get(ServerRequest req, ServerResponse res) {
        Responses.ok(res, synthesis.get(caller(req, ONE_PARAMETERS), id(req)));
    }

    private void synthesise(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        if (req.content().hasEntity()) {
            JsonBody.read(req, SynthesiseBody.class);
        }
        SynthesisRun run = synthesis.request(caller.owner(), id(req));
        res.header(HeaderNames.LOCATION, RUNS + "/" + run.id());
        Responses.json(res, 202, run);
    }

    /** Who calls, after checking that the request has no query parameter outside {@code allowed}. */
    private static Caller caller(ServerRequest req, Set<String> allowed) {
        for (String name : req.query().names()) {
            if (!allowed.contains(name)) {
                throw SynthesisException.invalid("unknown parameter '" + Synthesis.shorten(name) + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        Principal p = Requests.principal(req);
        return new Caller(Owner.of(p.keyId(), EndUser.of(req)), p.isAdmin());
    }

    private static Optional<String> parameter(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static boolean anyOwner(String value) {
        return switch (value) {
            case "any" -> true;
            case "me" -> false;
            default ->
                throw SynthesisException.invalid(
                        "'owner' must be 'me' (the default) or 'any', not '" + Synthesis.shorten(value) + "'");
        };
    }

    private static Problem problem(SynthesisException e) {
        Problem p = switch (e.kind()) {
            case INVALID -> Problem.of(400, "invalid-synthesis-request", "Invalid synthesis request", e.getMessage());
            case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "not-found", "Not found", e.getMessage());
            case CONFLICT -> Problem.of(409, "synthesis-busy", "Synthesis already queued", e.getMessage());
            case DISABLED -> Problem.of(503, "synthesis-disabled", "Memory synthesis is off", e.getMessage());
        };
        for (Map.Entry<String, Object> d : e.details().entrySet()) {
            p = p.with(d.getKey(), d.getValue());
        }
        return p;
    }
}
