package dev.helix.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.access.Principal;
import dev.helix.http.HttpFeature;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import dev.helix.http.WholeNumbers;
import dev.helix.internal.Json;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/event-log?after=&types=&limit=}: pages through the event log, oldest first. An admin sees every
 * event; any other key sees what {@link EventFilter} lets it see, and the actor only of its own events. The answer's
 * {@code next} is the {@code after} of the next page: following it never skips an event, even one committed later.
 */
public final class EventLogApi implements HttpFeature {
    /** The most events one page holds. */
    public static final int MAX_LIMIT = 1000;

    private static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMETERS = Set.of("after", "types", "limit");

    private final EventStore store;

    public EventLogApi(EventLog log) {
        this.store = log.store();
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/event-log", this::page);
    }

    private void page(ServerRequest req, ServerResponse res) {
        checkParameters(req);
        Principal caller = Requests.principal(req);
        long after = number(req, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        EventFilter filter = filter(req, caller);
        long newest = store.newest();
        List<LoggedEvent> events = store.page(after, filter, limit);
        long next = events.size() == limit ? events.getLast().id() : Math.max(after, newest);
        if (!events.isEmpty()) {
            next = Math.max(next, events.getLast().id());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", events.stream().map(e -> view(e, caller)).toList());
        body.put("next", Long.toString(next));
        Responses.ok(res, body);
    }

    private static void checkParameters(ServerRequest req) {
        for (String name : req.query().names()) {
            if (!PARAMETERS.contains(name)) {
                throw ProblemException.badRequest("unknown parameter '" + name + "'; allowed: after, types, limit");
            }
        }
    }

    private static long number(ServerRequest req, String name, long min, long max, long otherwise) {
        return req.query()
                .first(name)
                .asOptional()
                .map(text -> WholeNumbers.parse(text, name, min, max))
                .orElse(otherwise);
    }

    private static EventFilter filter(ServerRequest req, Principal caller) {
        List<String> types = req.query()
                .first("types")
                .asOptional()
                .map(t -> Arrays.stream(t.split(",", -1)).map(String::strip).toList())
                .orElse(List.of());
        try {
            return EventFilter.of(types, caller.isAdmin() ? null : caller.keyId());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("types: " + e.getMessage());
        }
    }

    private static ObjectNode view(LoggedEvent e, Principal caller) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("id", Long.toString(e.id()));
        node.put("type", e.type());
        node.put("subject", e.subject());
        node.put("at", e.at().toString());
        boolean showActor = caller.isAdmin() || (e.actor() != null && e.actor().equals(caller.keyId()));
        node.put("actor", showActor ? e.actor() : null);
        node.set("data", data(e));
        return node;
    }

    private static JsonNode data(LoggedEvent e) {
        try {
            return Json.mapper().readTree(e.data());
        } catch (IOException ex) {
            return JsonNodeFactory.instance.objectNode();
        }
    }
}
