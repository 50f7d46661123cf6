package dev.helix.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.ConfigException;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.HelixConfig.Caching.Policy;
import dev.helix.config.HelixConfig.Caching.Route;
import dev.helix.config.HelixConfig.Caching.Scope;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which routes the response cache caches: each GET route as its traits declare while {@code caching.routes} is unset;
 * exactly the routes that key lists once it is set, and none when it is set empty.
 */
class CachedRoutesTest {
    private static final Policy DECLARED = Policy.builder(Duration.ofMinutes(2))
            .scope(Scope.SHARED)
            .tags("declared")
            .build();

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private static Routes routes() {
        return new Routes()
                .get("/api/v1/declared", RouteTraits.AUTHENTICATED.cached(DECLARED), (req, res) -> {})
                .get("/api/v1/plain", (req, res) -> {})
                .post("/api/v1/plain", RouteTraits.AUTHENTICATED.cached(DECLARED), (req, res) -> {});
    }

    private ResponseCache registered(HelixConfig.Caching caching) {
        ResponseCache cache = new ResponseCache(caching, "node", registry);
        cache.register(routes());
        return cache;
    }

    private static HelixConfig.Caching withRoutes(String routes) {
        return ConfigLoader.builder()
                .env(Map.of())
                .flag("caching.routes", routes, "test")
                .load()
                .config()
                .caching();
    }

    @Test
    void unsetEachGetRouteIsCachedAsItDeclaresAndItsTagsCanBeInvalidated() {
        ResponseCache cache = registered(HelixConfig.defaults().caching());

        assertThat(cache.routes()).containsExactly(new Route("/api/v1/declared", DECLARED));
        assertThat(cache.ttl("/api/v1/declared")).contains(Duration.ofMinutes(2));
        assertThat(cache.ttl("/api/v1/plain")).isEmpty();
        assertThat(cache.invalidate(List.of("declared", "state", "nope"))).containsExactly("nope");
    }

    @Test
    void setTheListAloneDecidesAndEmptyCachesNothing() {
        ResponseCache listed = registered(withRoutes("/api/v1/plain ttl=1m tags=plain"));
        assertThat(listed.routes()).extracting(Route::template).containsExactly("/api/v1/plain");
        assertThat(listed.ttl("/api/v1/plain")).contains(Duration.ofMinutes(1));
        assertThat(listed.ttl("/api/v1/declared")).isEmpty();
        assertThat(listed.invalidate(List.of("declared"))).containsExactly("declared");

        assertThat(registered(withRoutes("")).routes()).isEmpty();
    }

    @Test
    void aSetRouteThatIsNotAGetRouteStopsTheStart() {
        assertThatThrownBy(() -> registered(withRoutes("/api/v1/other ttl=1m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("caching.routes names /api/v1/other")
                .hasMessageContaining("/api/v1/declared, /api/v1/plain");
    }

    @Test
    void nothingIsCachedBeforeTheRoutesAreRegisteredAndEarlierEventsAreAppliedThen() {
        ResponseCache cache = new ResponseCache(HelixConfig.defaults().caching(), "node", registry);
        try (EventBus bus = cache.watch(new InProcessEventBus(InProcessEventBus.DEFAULT_QUEUE, registry))) {
            bus.publish(new Event("state.changed", "state", Map.of(), Instant.now()));
            assertThat(cache.routes()).isEmpty();
            assertThat(invalidatedByEvents()).isZero();

            cache.register(routes());
            assertThat(invalidatedByEvents()).isEqualTo(2); // state and status
            bus.publish(new Event("agents.changed", "agents", Map.of(), Instant.now()));
            assertThat(invalidatedByEvents()).isEqualTo(4);
        }
    }

    private double invalidatedByEvents() {
        return registry.get(ResponseCache.INVALIDATIONS)
                .tag("source", "event")
                .counter()
                .count();
    }
}
