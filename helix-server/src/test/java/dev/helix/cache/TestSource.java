package dev.helix.cache;

import dev.helix.access.Principal;
import dev.helix.config.ConfigKeys;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.config.HelixConfig.Caching.Policy;
import dev.helix.config.HelixConfig.Caching.Scope;
import dev.helix.http.HttpFeature;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test routes for the response cache: their bodies come from a value the test controls, and each counts how often
 * its handler ran (a hit never runs it). Each cacheable one declares its policy where it is registered, as Helix's own
 * routes do, so nothing in the configuration names them; {@link #caching()} adds the rule that invalidates their tag.
 */
final class TestSource implements HttpFeature {
    private static final Duration LONG = Duration.ofMinutes(5);
    private static final RouteTraits SHARED = cached(Policy.builder(LONG).scope(Scope.SHARED));

    final AtomicLong value = new AtomicLong();
    final AtomicInteger padding = new AtomicInteger();
    final AtomicLong slowMillis = new AtomicLong(300);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** The caching section with the default invalidations plus {@code test.changed=test}; routes as declared. */
    static HelixConfig.Caching caching() {
        return ConfigLoader.builder()
                .env(Map.of())
                .flag(
                        ConfigKeys.CACHE_INVALIDATIONS.name(),
                        ConfigKeys.CACHE_INVALIDATIONS.defaultValue().orElseThrow() + "; test.changed=test",
                        "test")
                .load()
                .config()
                .caching();
    }

    private static RouteTraits cached(Policy.Builder policy) {
        return RouteTraits.AUTHENTICATED.cached(policy.tags("test").build());
    }

    /** Shared, under the tag {@code other}, which no event invalidates. */
    private static RouteTraits other(Policy.Builder policy) {
        return RouteTraits.AUTHENTICATED.cached(
                policy.scope(Scope.SHARED).tags("other").build());
    }

    int calls(String route) {
        return calls.computeIfAbsent(route, r -> new AtomicInteger()).get();
    }

    private void ran(String route) {
        calls.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/test/value", SHARED, (req, res) -> {
                    ran("value");
                    Responses.ok(res, body());
                })
                .get("/api/v1/test/slow", SHARED, (req, res) -> {
                    ran("slow");
                    Thread.sleep(slowMillis.get());
                    Responses.ok(res, body());
                })
                .get("/api/v1/test/whoami", cached(Policy.builder(LONG)), (req, res) -> {
                    ran("whoami");
                    Principal p = Requests.principal(req);
                    Responses.ok(
                            res,
                            Map.of(
                                    "key",
                                    p.keyId(),
                                    "name",
                                    p.name(),
                                    "role",
                                    p.role().id()));
                })
                .get("/api/v1/test/role", cached(Policy.builder(LONG).scope(Scope.ROLE)), (req, res) -> {
                    ran("role");
                    Responses.ok(
                            res, Map.of("role", Requests.principal(req).role().id(), "value", value.get()));
                })
                .get(
                        "/api/v1/test/echo",
                        cached(Policy.builder(LONG).scope(Scope.SHARED).query("*")),
                        (req, res) -> {
                            ran("echo");
                            Responses.ok(
                                    res,
                                    Map.of(
                                            "q",
                                            req.query().contains("q")
                                                    ? req.query().all("q")
                                                    : java.util.List.of()));
                        })
                .get("/api/v1/test/missing", SHARED, (req, res) -> {
                    ran("missing");
                    throw new ProblemException(Problem.of(404, "not-found", "Not found", "nothing here"));
                })
                .get("/api/v1/test/stream", SHARED, (req, res) -> {
                    ran("stream");
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    try (OutputStream out = res.outputStream()) {
                        out.write(("{\"value\":" + value.get() + "}").getBytes(StandardCharsets.UTF_8));
                    }
                })
                .get("/api/v1/test/short", other(Policy.builder(Duration.ofMillis(200))), (req, res) -> {
                    ran("short");
                    Responses.ok(res, body());
                })
                .get(
                        "/api/v1/test/swr",
                        other(Policy.builder(Duration.ofMillis(100)).stale(LONG)),
                        (req, res) -> {
                            ran("swr");
                            if (calls("swr") > 1) {
                                Thread.sleep(slowMillis.get());
                            }
                            Responses.ok(res, body());
                        })
                .get("/api/v1/test/plain", (req, res) -> {
                    ran("plain");
                    Responses.ok(res, body());
                });
    }

    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("value", value.get());
        body.put("pad", "x".repeat(padding.get()));
        return body;
    }
}
