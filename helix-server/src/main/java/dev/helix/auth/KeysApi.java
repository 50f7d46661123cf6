package dev.helix.auth;

import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.Problem;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Map;

/**
 * The keys API: {@code GET/POST /api/v1/keys}, {@code GET/DELETE /api/v1/keys/{id}} for admins and
 * {@code GET /api/v1/me} for any key.
 */
public final class KeysApi implements HttpFeature {
    /** The body of {@code POST /api/v1/keys}; {@code role} defaults to {@code user}. */
    record CreateRequest(String name, String role) {
    }

    /** A created key: the stored fields plus the secret, shown this once. */
    record CreatedResponse(String id, String name, String role, String prefix, Instant createdAt, String key) {
    }

    private final ApiKeys keys;

    public KeysApi(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/keys", (req, res) -> Responses.ok(res, Map.of("data", keys.list())))
                .post("/api/v1/keys", this::create)
                .get("/api/v1/keys/{id}", (req, res) -> Responses.ok(res, keys.get(id(req))))
                .delete("/api/v1/keys/{id}", (req, res) -> Responses.ok(res, keys.revoke(id(req))))
                .get("/api/v1/me", (req, res) -> Responses.ok(res, keys.get(Requests.principal(req).keyId())))
                .onError(KeyNotFoundException.class, e -> Problem.of(404, "key-not-found", "API key not found",
                        e.getMessage()))
                .onError(InvalidKeyRequestException.class, e -> e.isConflict()
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
        CreatedKey created = keys.create(body.name(), role);
        ApiKey k = created.key();
        res.header(HeaderNames.LOCATION, "/api/v1/keys/" + k.id());
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Responses.json(res, 201, new CreatedResponse(k.id(), k.name(), k.role().id(), k.prefix(), k.createdAt(),
                created.secret()));
    }

    private static String id(ServerRequest req) {
        return req.path().pathParameters().get("id");
    }
}
