package dev.helix.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.access.Role;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Map;

/**
 * The keys API: {@code GET/POST /api/v1/keys}, {@code GET/PATCH/DELETE /api/v1/keys/{id}} for admins and
 * {@code GET /api/v1/me} for any key.
 */
public final class KeysApi implements HttpFeature {
    /** The API keys (admin only). */
    public static final String KEYS = "/api/v1/keys";
    /** One API key by id (admin only). */
    public static final String KEY = KEYS + "/{id}";
    /** The caller's own key. */
    public static final String ME = "/api/v1/me";

    /**
     * The body of {@code POST /api/v1/keys}: {@code role} defaults to {@code user}; the limits are optional
     * ({@code period} defaults to {@code month} when {@code budgetUsd} is given).
     */
    record CreateRequest(String name, String role, JsonNode budgetUsd, JsonNode period, JsonNode rpm, JsonNode tpm) {
        LimitsRequest limits() {
            return new LimitsRequest(budgetUsd, period, rpm, tpm);
        }
    }

    /** A created key: the stored fields plus the secret, shown this once. */
    record CreatedResponse(
            String id, String name, String role, String prefix, Instant createdAt, KeyLimits limits, String key) {}

    private final ApiKeys keys;

    public KeysApi(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void register(Routes routes) {
        RouteTraits admin = RouteTraits.ADMIN;
        routes.get(KEYS, admin, (req, res) -> Responses.ok(res, Map.of("data", keys.list())))
                .post(KEYS, admin, this::create)
                .get(KEY, admin, (req, res) -> Responses.ok(res, keys.get(id(req))))
                .patch(KEY, admin, this::changeLimits)
                .delete(
                        KEY,
                        admin,
                        (req, res) -> Responses.ok(
                                res,
                                keys.revoke(id(req), Requests.principal(req).keyId())))
                .get(
                        ME,
                        (req, res) -> Responses.ok(
                                res, keys.get(Requests.principal(req).keyId())))
                .onError(
                        KeyNotFoundException.class,
                        e -> Problem.of(404, "key-not-found", "API key not found", e.getMessage()))
                .onError(
                        InvalidKeyRequestException.class,
                        e -> e.isConflict()
                                ? Problem.of(409, "conflict", "Conflict", e.getMessage())
                                : Problem.of(400, "invalid-key-request", "Invalid key request", e.getMessage()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        CreateRequest body = JsonBody.read(req, CreateRequest.class);
        Role role;
        try {
            role = body.role() == null ? Role.USER : Role.parse(body.role());
        } catch (IllegalArgumentException e) {
            throw InvalidKeyRequestException.invalid(e.getMessage());
        }
        CreatedKey created = keys.create(
                body.name(),
                role,
                body.limits().toLimits(),
                Requests.principal(req).keyId());
        ApiKey k = created.key();
        res.header(HeaderNames.LOCATION, KEYS + "/" + k.id());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Responses.json(
                res,
                201,
                new CreatedResponse(
                        k.id(), k.name(), k.role().id(), k.prefix(), k.createdAt(), k.limits(), created.secret()));
    }

    /**
     * {@code PATCH /api/v1/keys/{id}}: changes the limits named in the body ({@code null} removes one, an absent
     * field stays as it is) and answers the key.
     */
    private void changeLimits(ServerRequest req, ServerResponse res) {
        String id = id(req);
        LimitsRequest body = JsonBody.read(req, LimitsRequest.class);
        Responses.ok(res, keys.updateLimits(id, body.applyTo(keys.get(id).limits())));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
