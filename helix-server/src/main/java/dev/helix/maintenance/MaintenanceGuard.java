package dev.helix.maintenance;

import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.RouteInterceptor;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * Refuses every request to a route that writes ({@link RouteInterceptor.Route#writes()}) while the maintenance mode
 * is on: 503 with {@code Retry-After} and the admin's message as the problem's {@code detail} (OpenAI's error shape
 * under {@code /v1/}). The maintenance route itself is let through, so that an admin can turn the mode off.
 */
final class MaintenanceGuard implements RouteInterceptor {
    /** Counter: requests refused because the maintenance mode is on. */
    static final String REFUSED = "helix.maintenance.refused";

    private final MaintenanceMode mode;
    private final Counter refused;

    MaintenanceGuard(MaintenanceMode mode, MeterRegistry registry) {
        this.mode = mode;
        this.refused = Counter.builder(REFUSED)
                .description("Requests that write, refused with 503 while the maintenance mode is on")
                .register(registry);
    }

    @Override
    public void intercept(ServerRequest req, ServerResponse res, Route route, Next next) throws Exception {
        if (mode.readOnly() && route.writes() && !route.template().equals(MaintenanceApi.MAINTENANCE)) {
            refused.increment();
            throw refusal(mode.current());
        }
        next.proceed(req, res);
    }

    private static ProblemException refusal(Maintenance m) {
        Problem problem = Problem.of(503, "maintenance", "Read-only for maintenance", m.message());
        if (m.since() != null) {
            problem = problem.with("since", m.since());
        }
        return new ProblemException(problem, Map.of("Retry-After", Integer.toString(m.retryAfter())));
    }
}
