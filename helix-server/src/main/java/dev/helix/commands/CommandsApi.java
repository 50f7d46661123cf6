package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.config.HelixConfig.Caching;
import dev.helix.config.RouteClass;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
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

    /** The commands: GET lists them, POST runs one written as chat text. */
    public static final String COMMANDS = "/api/v1/commands";
    /** One command: GET describes it, POST runs it. */
    public static final String COMMAND = COMMANDS + "/{name}";
    /** What every commands route is: any key, limited as {@link RouteClass#COMMANDS}. */
    private static final RouteTraits TRAITS = RouteTraits.AUTHENTICATED.limitedAs(RouteClass.COMMANDS);
    /**
     * How both GET routes are cached: five minutes, shared by callers of the same role (what each may run differs by
     * role), under the tag {@code commands} (which registering a command invalidates).
     */
    public static final Caching.Policy CACHING = Caching.Policy.builder(Duration.ofMinutes(5))
            .scope(Caching.Scope.ROLE)
            .tags("commands")
            .build();

    private final CommandService commands;

    public CommandsApi(CommandService commands) {
        this.commands = commands;
    }

    @Override
    public void register(Routes routes) {
        RouteTraits cached = TRAITS.cached(CACHING);
        routes.get(
                        COMMANDS,
                        cached,
                        (req, res) -> Responses.ok(
                                res,
                                Map.of(
                                        "data",
                                        commands.describeAll(
                                                Requests.principal(req).role()))))
                .get(
                        COMMAND,
                        cached,
                        (req, res) -> Responses.ok(
                                res,
                                commands.describe(
                                        name(req), Requests.principal(req).role())))
                .post(COMMAND, TRAITS, this::run)
                .post(COMMANDS, TRAITS, this::runText)
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
