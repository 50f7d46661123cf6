package dev.helix.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.conversations.Caller;
import dev.helix.http.EndUser;
import dev.helix.http.EntityTags;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import dev.helix.internal.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Memory over HTTP, for any key, each memory scoped to the caller's key and end user ({@code X-Helix-User} or
 * {@code ?user=}), resolved as the conversations API resolves them:
 *
 * <ul>
 *   <li>{@code GET /api/v1/memory?agent=&kind=&valid=&q=&limit=&cursor=} lists the caller's memories, newest change
 *       first (only those that hold now unless {@code valid=false}); an admin lists every owner's with
 *       {@code owner=any} (and {@code key} to narrow it);
 *   <li>{@code POST /api/v1/memory} adds one: 201;
 *   <li>{@code GET/PATCH/DELETE /api/v1/memory/{id}} reads one with its history, changes it ({@code If-Match} with its
 *       version refuses a stale change with 412) and deletes it with its history;
 *   <li>{@code DELETE /api/v1/memory?all=true[&agent=]} forgets all of the caller's memory (or all of it for one
 *       agent), history and profile, and answers how much went;
 *   <li>{@code GET/PUT/DELETE /api/v1/memory/profile} reads, sets and deletes the pinned profile;
 *   <li>{@code GET /api/v1/memory/search?q=&agent=&k=} answers the memories a prompt would get for that text.
 * </ul>
 *
 * Another owner's memory is a 404, as is one that does not exist; an admin may read (not change) any.
 */
public final class MemoryApi implements HttpFeature {
    /** The caller's memories. */
    public static final String MEMORY = "/api/v1/memory";
    /** One memory by id. */
    public static final String ITEM = MEMORY + "/{id}";
    /** The caller's pinned profile. */
    public static final String PROFILE = MEMORY + "/profile";
    /** What a prompt would get for a text. */
    public static final String SEARCH = MEMORY + "/search";

    private static final Set<String> LIST_PARAMETERS =
            Set.of("limit", "cursor", "agent", "kind", "valid", "q", "owner", "key", EndUser.PARAMETER);
    private static final Set<String> FORGET_PARAMETERS = Set.of("all", "agent", EndUser.PARAMETER);
    private static final Set<String> ONE_PARAMETERS = Set.of(EndUser.PARAMETER);
    private static final Set<String> SEARCH_PARAMETERS = Set.of("q", "agent", "k", EndUser.PARAMETER);
    private static final int DEFAULT_K = 10;

    private final Memories memories;

    public MemoryApi(Memories memories) {
        this.memories = memories;
    }

    @Override
    public void register(Routes routes) {
        routes.get(MEMORY, this::list)
                .post(MEMORY, this::create)
                .delete(MEMORY, this::forget)
                .get(SEARCH, this::search)
                .get(PROFILE, this::profile)
                .put(PROFILE, this::setProfile)
                .delete(PROFILE, this::deleteProfile)
                .get(ITEM, this::get)
                .patch(ITEM, this::change)
                .delete(ITEM, this::delete)
                .onError(MemoryException.class, MemoryApi::problem);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, LIST_PARAMETERS);
        boolean any = parameter(req, "owner").map(MemoryApi::anyOwner).orElse(false);
        if (!any && parameter(req, "key").isPresent()) {
            throw MemoryException.invalid(
                    "'key' narrows a list of every owner's memories: use it with 'owner=any' (admins only)");
        }
        MemoryQuery q = new MemoryQuery(
                caller,
                any,
                parameter(req, "key"),
                parameter(req, "agent"),
                parameter(req, "kind").map(MemoryKind::of),
                parameter(req, "valid").map(v -> bool("valid", v)).orElse(true),
                parameter(req, "q").filter(t -> !t.isBlank()),
                (int) number(req, "limit", 1, MemoryQuery.MAX_LIMIT, MemoryQuery.DEFAULT_LIMIT),
                parameter(req, "cursor").map(MemoryCursor::decode).orElse(null));
        Memories.Page page = memories.list(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.data());
        body.put("next", page.next().orElse(null));
        Responses.ok(res, body);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        NewMemory m = MemoryBodies.create(JsonBody.read(req, JsonNode.class));
        MemoryItem item = memories.add(caller.owner(), m, caller.owner().keyId());
        res.header(HeaderNames.LOCATION, MEMORY + "/" + item.id());
        res.header(HeaderNames.ETAG, etag(item.version()));
        Responses.json(res, 201, item);
    }

    private void forget(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, FORGET_PARAMETERS);
        boolean all = parameter(req, "all").map(v -> bool("all", v)).orElse(false);
        if (!all) {
            throw MemoryException.invalid(
                    "forgetting everything needs 'all=true' (delete one memory with " + "DELETE " + ITEM + ")");
        }
        String agent = parameter(req, "agent").orElse(null);
        Memories.Forgotten f =
                memories.forget(caller.owner(), agent, caller.owner().keyId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("forgotten", true);
        body.put("agent", agent);
        body.put("items", f.items());
        body.put("history", f.history());
        body.put("profile", f.profile());
        Responses.ok(res, body);
    }

    private void search(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, SEARCH_PARAMETERS);
        String q = parameter(req, "q").orElse("");
        int k = (int) number(req, "k", 1, MemoryIndex.MAX_K, DEFAULT_K);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "data", memories.similar(caller.owner(), parameter(req, "agent").orElse(null), q, k));
        Responses.ok(res, body);
    }

    private void profile(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        Optional<Memories.Profile> p = memories.profileOf(caller.owner());
        if (p.isEmpty()) {
            throw MemoryException.notFound("no profile for this key and user "
                    + "(X-Helix-User or the 'user' parameter name the user); set one with PUT " + PROFILE);
        }
        Responses.ok(res, p.get());
    }

    private void setProfile(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        String text = MemoryBodies.profile(JsonBody.read(req, JsonNode.class));
        Responses.ok(
                res, memories.setProfile(caller.owner(), text, caller.owner().keyId()));
    }

    private void deleteProfile(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        boolean deleted = memories.deleteProfile(caller.owner(), caller.owner().keyId());
        if (!deleted) {
            throw MemoryException.notFound(
                    "no profile for this key and user (X-Helix-User or the 'user' parameter name the user)");
        }
        Responses.ok(res, Map.of("deleted", true));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Memories.Entry e = memories.get(caller(req, ONE_PARAMETERS), id(req));
        Map<String, Object> body = view(e.item());
        body.put("history", e.history());
        res.header(HeaderNames.ETAG, etag(e.item().version()));
        Responses.ok(res, body);
    }

    private void change(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req, ONE_PARAMETERS);
        OptionalLong ifVersion = ifVersion(req);
        MemoryPatch p = MemoryBodies.change(JsonBody.read(req, JsonNode.class), ifVersion);
        MemoryItem item =
                memories.update(caller.owner(), id(req), p, caller.owner().keyId());
        res.header(HeaderNames.ETAG, etag(item.version()));
        Responses.ok(res, item);
    }

    private void delete(ServerRequest req, ServerResponse res) {
        String id = id(req);
        Caller caller = caller(req, ONE_PARAMETERS);
        int history = memories.delete(caller.owner(), id, caller.owner().keyId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("deleted", true);
        body.put("history", history);
        Responses.ok(res, body);
    }

    /** The version {@code If-Match} names ({@code "3"}), if it names one; {@code *} names none. */
    private static OptionalLong ifVersion(ServerRequest req) {
        Optional<EntityTags.Condition> c = EntityTags.ifMatch(req);
        if (c.isEmpty() || c.get().any()) {
            return OptionalLong.empty();
        }
        if (c.get().tags().size() != 1) {
            throw MemoryException.invalid("'If-Match' must name one version of the memory, like \"3\"");
        }
        String tag = c.get().tags().getFirst();
        String inner = tag.startsWith("\"") && tag.endsWith("\"") && tag.length() > 2
                ? tag.substring(1, tag.length() - 1)
                : tag;
        return OptionalLong.of(WholeNumbers.parse(inner, "If-Match", 1, Long.MAX_VALUE));
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> view(MemoryItem item) {
        return new LinkedHashMap<String, Object>(Json.mapper().convertValue(item, Map.class));
    }

    /** Who calls, after checking that the request has no query parameter outside {@code allowed}. */
    private static Caller caller(ServerRequest req, Set<String> allowed) {
        for (String name : req.query().names()) {
            if (!allowed.contains(name)) {
                throw MemoryException.invalid("unknown parameter '" + Memories.shorten(name) + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return Caller.of(req);
    }

    private static Optional<String> parameter(ServerRequest req, String name) {
        return req.query().first(name).asOptional();
    }

    private static long number(ServerRequest req, String name, long min, long max, long otherwise) {
        return parameter(req, name)
                .map(v -> WholeNumbers.parse(v, name, min, max))
                .orElse(otherwise);
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }

    private static boolean bool(String name, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw MemoryException.invalid(
                        "'" + name + "' must be true or false, not '" + Memories.shorten(value) + "'");
        };
    }

    private static boolean anyOwner(String value) {
        return switch (value) {
            case "any" -> true;
            case "me" -> false;
            default ->
                throw MemoryException.invalid(
                        "'owner' must be 'me' (the default) or 'any', not '" + Memories.shorten(value) + "'");
        };
    }

    private static Problem problem(MemoryException e) {
        return switch (e.kind()) {
            case INVALID -> Problem.of(400, "invalid-memory-request", "Invalid memory request", e.getMessage());
            case FORBIDDEN -> Problem.of(403, "forbidden", "Forbidden", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "memory-not-found", "Memory not found", e.getMessage());
            case CONFLICT -> Problem.of(409, "conflict", "Conflict", e.getMessage());
            case STALE -> Problem.of(412, "stale-version", "Precondition failed", e.getMessage());
            case TOO_LARGE -> Problem.of(413, "payload-too-large", "Payload too large", e.getMessage());
        };
    }
}
