package dev.helix.cache;

import dev.helix.access.Principal;
import dev.helix.config.ConfigKeys;
import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.http.HttpFeature;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test routes for the response cache: their bodies come from a value the test controls, and each counts how often
 * its handler ran (a hit never runs it). {@link #caching(String)} is the configuration that makes them cacheable.
 */
final class TestSource implements HttpFeature {
    /** Policies of the test routes, added to the default ones. */
    static final String ROUTES = "/api/v1/test/value ttl=5m scope=shared tags=test; "
            + "/api/v1/test/slow ttl=5m scope=shared tags=test; "
            + "/api/v1/test/whoami ttl=5m tags=test; "
            + "/api/v1/test/role ttl=5m scope=role tags=test; "
            + "/api/v1/test/echo ttl=5m scope=shared query=* tags=test; "
            + "/api/v1/test/missing ttl=5m scope=shared tags=test; "
            + "/api/v1/test/stream ttl=5m scope=shared tags=test; "
            + "/api/v1/test/short ttl=200ms scope=shared tags=other; "
            + "/api/v1/test/swr ttl=100ms stale=5m scope=shared tags=other";

    final AtomicLong value = new AtomicLong();
    final AtomicInteger padding = new AtomicInteger();
    final AtomicLong slowMillis = new AtomicLong(300);
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    /** The caching section with the default routes and invalidations plus the test ones. */
    static HelixConfig.Caching caching(String more) {
        return ConfigLoader.builder()
                .env(Map.of())
                .flag(
                        ConfigKeys.CACHE_ROUTES.name(),
                        ConfigKeys.CACHE_ROUTES.defaultValue() + "; " + ROUTES + (more.isEmpty() ? "" : "; " + more),
                        "test")
                .flag(
                        ConfigKeys.CACHE_INVALIDATIONS.name(),
                        ConfigKeys.CACHE_INVALIDATIONS.defaultValue() + "; test.changed=test",
                        "test")
                .load()
                .config()
                .caching();
    }

    int calls(String route) {
        return calls.computeIfAbsent(route, r -> new AtomicInteger()).get();
    }

    private void ran(String route) {
        calls.computeIfAbsent(route, r -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/test/value", (req, res) -> {
                    ran("value");
                    Responses.ok(res, body());
                })
                .get("/api/v1/test/slow", (req, res) -> {
                    ran("slow");
                    Thread.sleep(slowMillis.get());
                    Responses.ok(res, body());
                })
                .get("/api/v1/test/whoami", (req, res) -> {
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
                .get("/api/v1/test/role", (req, res) -> {
                    ran("role");
                    Responses.ok(
                            res, Map.of("role", Requests.principal(req).role().id(), "value", value.get()));
                })
                .get("/api/v1/test/echo", (req, res) -> {
                    ran("echo");
                    Responses.ok(
                            res,
                            Map.of("q", req.query().contains("q") ? req.query().all("q") : java.util.List.of()));
                })
                .get("/api/v1/test/missing", (req, res) -> {
                    ran("missing");
                    throw new ProblemException(Problem.of(404, "not-found", "Not found", "nothing here"));
                })
                .get("/api/v1/test/stream", (req, res) -> {
                    ran("stream");
                    res.header(HeaderNames.CONTENT_TYPE, "application/json");
                    try (OutputStream out = res.outputStream()) {
                        out.write(("{\"value\":" + value.get() + "}").getBytes(StandardCharsets.UTF_8));
                    }
                })
                .get("/api/v1/test/short", (req, res) -> {
                    ran("short");
                    Responses.ok(res, body());
                })
                .get("/api/v1/test/swr", (req, res) -> {
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
