package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.auth.KeySecrets;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig.Caching.Route;
import dev.helix.http.Routes;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policies Helix's own routes declare are what {@code caching.routes} defaulted to when they were listed in the
 * configuration, and they are what a running Helix registers and caches while that key is unset.
 */
class BuiltInCachePoliciesTest {
    /** The former default of {@code caching.routes}. */
    private static final String FORMER_DEFAULT = "/status ttl=1s stale=2s scope=shared tags=status; "
            + "/api/v1/agents ttl=5m scope=shared tags=agents; "
            + "/api/v1/agents/{id} ttl=5m scope=shared tags=agents; "
            + "/api/v1/state ttl=5m scope=role query=path tags=state; "
            + "/api/v1/commands ttl=5m scope=role tags=commands; "
            + "/api/v1/commands/{name} ttl=5m scope=role tags=commands";

    @TempDir
    Path dir;

    @Test
    void theBuiltInRoutesDeclareExactlyWhatCachingRoutesUsedToDefaultTo() {
        List<Route> former = ConfigLoader.builder()
                .env(Map.of())
                .flag("caching.routes", FORMER_DEFAULT, "test")
                .load()
                .config()
                .caching()
                .routes()
                .orElseThrow();
        assertThat(BuiltInCachePolicies.routes()).isEqualTo(former);
        assertThat(BuiltInCachePolicies.standIns()).containsEntry("caching.routes", FORMER_DEFAULT);
    }

    @Test
    void aRunningHelixRegistersAndCachesExactlyTheseRoutesWithTheirPolicies() {
        AtomicReference<Routes> registered = new AtomicReference<>();
        try (Helix helix = Helix.create(
                        HelixServerExtension.testConfig(dir, KeySecrets.generate()),
                        Clock.systemUTC(),
                        List.of(registered::set))
                .start()) {
            Routes routes = registered.get();
            List<Route> declared = new ArrayList<>();
            for (String template : routes.templates("GET")) {
                routes.traits("GET", template)
                        .orElseThrow()
                        .cache()
                        .ifPresent(policy -> declared.add(new Route(template, policy)));
            }
            assertThat(declared).isEqualTo(BuiltInCachePolicies.routes());

            HelixClient client = new HelixClient(
                    "http://127.0.0.1:" + helix.port(), helix.config().auth().adminKey());
            JsonNode cached = client.get("/api/v1/cache/stats").json().get("routes");
            List<String> shown = new ArrayList<>();
            cached.forEach(r -> shown.add(r.get("route").asText() + " ttl="
                    + r.get("ttl").asText() + " scope=" + r.get("scope").asText() + " tags="
                    + r.get("tags").get(0).asText()));
            assertThat(shown)
                    .containsExactly(
                            "/status ttl=1s scope=shared tags=status",
                            "/api/v1/agents ttl=5m scope=shared tags=agents",
                            "/api/v1/agents/{id} ttl=5m scope=shared tags=agents",
                            "/api/v1/state ttl=5m scope=role tags=state",
                            "/api/v1/commands ttl=5m scope=role tags=commands",
                            "/api/v1/commands/{name} ttl=5m scope=role tags=commands");
            assertThat(cached.get(0).get("staleWhileRevalidate").asText()).isEqualTo("2s");
        }
    }
}
