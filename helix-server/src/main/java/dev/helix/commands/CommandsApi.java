package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The commands API, for any key: {@code GET /api/v1/commands} lists every command (each marked {@code allowed} for
 * the caller's role), {@code GET /api/v1/commands/{name}} describes one, {@code POST /api/v1/commands/{name}} runs
 * one with {@code {"args":{…},"agent":"…"}}, and {@code POST /api/v1/commands} runs chat text
 * {@code {"text":"!state /harmony"}}.
 */
public final class CommandsApi implements HttpFeature {
    /** The body of {@code POST /api/v1/commands/{name}}; both fields optional, and so is the body. */
    record RunRequest(@Nullable JsonNode args, @Nullable String agent) {}

    /** The body of {@code POST /api/v1/commands}. */
    record TextRequest(String text, String agent) {}

    private final CommandService commands;

    public CommandsApi(CommandService commands) {
        this.commands = commands;
    }

    @Override
    public void register(Routes routes) {
        routes.get(
                        "/api/v1/commands",
                        (req, res) -> Responses.ok(
                                res,
                                Map.of(
                                        "data",
                                        commands.describeAll(
                                                Requests.principal(req).role()))))
                .get(
                        "/api/v1/commands/{name}",
                        (req, res) -> Responses.ok(
                                res,
                                commands.describe(
                                        name(req), Requests.principal(req).role())))
                .post("/api/v1/commands/{name}", this::run)
                .post("/api/v1/commands", this::runText)
                .onError(CommandException.class, CommandException::problem);
    }

    private void run(ServerRequest req, ServerResponse res) {
        RunRequest body = req.content().hasEntity() ? JsonBody.read(req, RunRequest.class) : new RunRequest(null, null);
        Map<String, JsonNode> args = args(body.args());
        Responses.ok(res, commands.run(name(req), args, invocation(req, body.agent())));
    }

    private void runText(ServerRequest req, ServerResponse res) {
        TextRequest body = JsonBody.read(req, TextRequest.class);
        Responses.ok(res, commands.runText(body.text(), invocation(req, body.agent())));
    }

    private static Map<String, JsonNode> args(@Nullable JsonNode args) {
        if (args == null || args.isNull()) {
            return Map.of();
        }
        if (!args.isObject()) {
            throw ProblemException.badRequest("field 'args' must be a JSON object of argument values, e.g. "
                    + "{\"args\":{\"path\":\"/a\"}}; got "
                    + args.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        args.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Invocation invocation(ServerRequest req, @Nullable String agent) {
        return new Invocation(Requests.principal(req), Requests.id(req), Optional.ofNullable(agent));
    }

    private static String name(ServerRequest req) {
        return req.path().pathParameters().get("name");
    }
}
