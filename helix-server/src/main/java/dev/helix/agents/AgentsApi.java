package dev.helix.agents;

import dev.helix.config.HelixConfig.Caching;
import dev.helix.http.HttpFeature;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;

/**
 * The agents API: {@code GET /api/v1/agents} (every agent, sorted by id, as {@code {"data":[...]}}) and
 * {@code GET /api/v1/agents/{id}}, for any key. Bodies are written once per accepted set of agents and sent from
 * memory.
 */
public final class AgentsApi implements HttpFeature {
    /** The agents. */
    public static final String AGENTS = "/api/v1/agents";
    /** One agent by id. */
    public static final String AGENT = AGENTS + "/{id}";
    /**
     * How both routes are cached: five minutes, the same for every caller, under the tag {@code agents} (which a
     * change to the agents invalidates).
     */
    public static final Caching.Policy CACHING = Caching.Policy.builder(Duration.ofMinutes(5))
            .scope(Caching.Scope.SHARED)
            .tags("agents")
            .build();

    private static final Header JSON = HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json");

    private final AgentRegistry registry;

    public AgentsApi(AgentRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void register(Routes routes) {
        RouteTraits cached = RouteTraits.AUTHENTICATED.cached(CACHING);
        routes.get(AGENTS, cached, this::list).get(AGENT, cached, this::one);
    }

    private void list(ServerRequest req, ServerResponse res) {
        res.header(JSON);
        res.send(registry.catalog().listJson());
    }

    private void one(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        byte[] body = registry.catalog().json(id);
        if (body == null) {
            throw new ProblemException(
                    Problem.of(404, "agent-not-found", "Agent not found", "no agent has id '" + id + "'"));
        }
        res.header(JSON);
        res.send(body);
    }
}
