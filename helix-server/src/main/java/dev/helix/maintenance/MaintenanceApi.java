package dev.helix.maintenance;

import dev.helix.access.Principal;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteInterceptor;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * The maintenance mode over HTTP: {@code GET /api/v1/maintenance} (any key; admins also see who set it) and
 * {@code PUT /api/v1/maintenance} (admin) with {@code {"enabled":true,"message":"…","retryAfter":300}} or
 * {@code {"enabled":false}}, both answered with the mode. Registers the guard that refuses writes while it is on.
 */
public final class MaintenanceApi implements HttpFeature {
    /** The maintenance mode's route: the one route that writes and is served while the mode is on. */
    public static final String MAINTENANCE = "/api/v1/maintenance";

    private final MaintenanceMode mode;
    private final MeterRegistry registry;

    public MaintenanceApi(MaintenanceMode mode, MeterRegistry registry) {
        this.mode = mode;
        this.registry = registry;
    }

    @Override
    public void register(Routes routes) {
        routes.get(MAINTENANCE, this::read)
                .put(MAINTENANCE, RouteTraits.ADMIN, this::change)
                .intercept(RouteInterceptor.MAINTENANCE, new MaintenanceGuard(mode, registry))
                .onError(
                        MaintenanceException.class, e -> Problem.of(400, "bad-request", "Bad request", e.getMessage()));
    }

    private void read(ServerRequest req, ServerResponse res) {
        Responses.ok(res, view(mode.current(), Requests.principal(req)));
    }

    private void change(ServerRequest req, ServerResponse res) {
        MaintenanceBody body = JsonBody.read(req, MaintenanceBody.class);
        Principal caller = Requests.principal(req);
        Maintenance m = body.turnsOn()
                ? mode.turnOn(body.text(), body.seconds(), caller.keyId())
                : mode.turnOff(caller.keyId());
        Responses.ok(res, view(m, caller));
    }

    /** The mode as {@code caller} may see it: who set it only for admins. */
    private static Map<String, Object> view(Maintenance m, Principal caller) {
        Map<String, Object> view = m.view();
        if (caller.isAdmin()) {
            view.put("by", m.by());
        }
        return view;
    }
}
