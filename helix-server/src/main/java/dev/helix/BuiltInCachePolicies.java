package dev.helix;

import dev.helix.agents.AgentsApi;
import dev.helix.commands.CommandsApi;
import dev.helix.config.ConfigKeys;
import dev.helix.config.HelixConfig.Caching.Route;
import dev.helix.monitor.MonitorApi;
import dev.helix.state.StateApi;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The response-cache policies Helix's own routes declare where their features register them, gathered for the
 * configuration reference and {@code helix config check}: they show them as what is in effect while
 * {@code caching.routes} is unset. The features own the policies; this only lists them, and a test keeps the list
 * equal to what a running Helix registers.
 */
final class BuiltInCachePolicies {
    private BuiltInCachePolicies() {}

    /** Every built-in cached GET route with its policy, in registration order. */
    static List<Route> routes() {
        return List.of(
                new Route(MonitorApi.STATUS, MonitorApi.STATUS_CACHING),
                new Route(AgentsApi.AGENTS, AgentsApi.CACHING),
                new Route(AgentsApi.AGENT, AgentsApi.CACHING),
                new Route(StateApi.STATE, StateApi.CACHING),
                new Route(CommandsApi.COMMANDS, CommandsApi.CACHING),
                new Route(CommandsApi.COMMAND, CommandsApi.CACHING));
    }

    /** What stands in for each key without a default while it is unset, by key name, as a value it could be set to. */
    static Map<String, String> standIns() {
        return Map.of(
                ConfigKeys.CACHE_ROUTES.name(),
                routes().stream().map(Route::text).collect(Collectors.joining("; ")));
    }
}
