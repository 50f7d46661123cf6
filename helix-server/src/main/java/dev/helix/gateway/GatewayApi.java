package dev.helix.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.access.Principal;
import dev.helix.config.RouteClass;
import dev.helix.gateway.config.Tier;
import dev.helix.gateway.provider.UnsupportedRequestException;
import dev.helix.gateway.usage.LimitExceededException;
import dev.helix.http.HttpFeature;
import dev.helix.http.JsonBody;
import dev.helix.http.OpenAiErrors;
import dev.helix.http.Problem;
import dev.helix.http.ProblemException;
import dev.helix.http.Requests;
import dev.helix.http.Responses;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-compatible API: {@code POST /v1/chat/completions} (complete or streamed), {@code POST /v1/embeddings}
 * and {@code GET /v1/models}, authenticated with a Helix API key as the bearer token. The optional headers
 * {@code X-Helix-Agent} and {@code X-Helix-Task} attribute a request's usage to an agent and a task.
 */
public final class GatewayApi implements HttpFeature {
    private static final io.helidon.http.HeaderName CACHE_HEADER = HeaderNames.create(Completions.CACHE);
    private static final io.helidon.http.HeaderName AGENT_HEADER = HeaderNames.create(Attribution.AGENT_HEADER);
    private static final io.helidon.http.HeaderName TASK_HEADER = HeaderNames.create(Attribution.TASK_HEADER);
    private static final io.helidon.http.HeaderName TIER_HEADER = HeaderNames.create("X-Helix-Tier");
    /** Where the OpenAI-compatible routes live: {@code /v1/}, whose errors the HTTP edge shapes as OpenAI's. */
    public static final String PREFIX = OpenAiErrors.PREFIX;
    /** Chat completions. */
    public static final String CHAT = PREFIX + "chat/completions";
    /** Embeddings. */
    public static final String EMBEDDINGS = PREFIX + "embeddings";
    /** The models clients may name. */
    public static final String MODELS = PREFIX + "models";
    /** What every gateway route is: any key, limited as {@link RouteClass#GATEWAY}. */
    private static final RouteTraits TRAITS = RouteTraits.AUTHENTICATED.limitedAs(RouteClass.GATEWAY);

    private final Gateway gateway;
    private final Clock clock;

    public GatewayApi(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    @Override
    public void register(Routes routes) {
        routes.post(CHAT, TRAITS, this::chat)
                .post(EMBEDDINGS, TRAITS, this::embeddings)
                .get(MODELS, TRAITS, this::models)
                .onError(
                        UnsupportedRequestException.class,
                        e -> Problem.of(400, "unsupported-request", "Unsupported request", e.getMessage()));
    }

    private void chat(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Completions.Caller caller = caller(req);
        ObjectNode body = null;
        try {
            checkAttribution(req);
            checkTier(req);
            byte[] bytes = JsonBody.bytes(req);
            body = JsonBody.parse(bytes, ObjectNode.class);
            gateway.completions().chat(caller, body, bytes.length, cacheMode(req), new HttpAnswerSink(res));
        } catch (RuntimeException e) {
            throw failed(caller, body, e, start);
        }
    }

    private void embeddings(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        Completions.Caller caller = caller(req);
        ObjectNode body = null;
        try {
            checkAttribution(req);
            body = JsonBody.read(req, ObjectNode.class);
            gateway.completions().embeddings(caller, body, new HttpAnswerSink(res));
        } catch (RuntimeException e) {
            throw failed(caller, body, e, start);
        }
    }

    /** Records a request that failed before it was answered, refused ones included; the exception to answer with. */
    private RuntimeException failed(
            Completions.Caller caller, @Nullable ObjectNode body, RuntimeException e, long start) {
        gateway.completions().failed(caller, body, e, start);
        if (e instanceof FailoverException failover) {
            return GatewayErrors.upstream(failover);
        }
        return e instanceof LimitExceededException limit ? overLimit(limit) : e;
    }

    private void models(ServerRequest req, ServerResponse res) {
        List<Map<String, Object>> data = new ArrayList<>();
        for (String name : gateway.config().modelNames()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("id", name);
            model.put("object", "model");
            model.put("created", 0);
            model.put("owned_by", "helix");
            data.add(model);
        }
        Responses.ok(res, Map.of("object", "list", "data", data));
    }

    /** 429 with the limit, the current figure and the reset time, and {@code Retry-After}. */
    private ProblemException overLimit(LimitExceededException e) {
        Problem problem = Problem.of(429, "limit-exceeded", "Limit exceeded", e.getMessage())
                .with(OpenAiErrors.TYPE, e.kind().equals("budget") ? "insufficient_quota" : "rate_limit_error");
        for (Map.Entry<String, Object> detail : e.details().entrySet()) {
            problem = problem.with(detail.getKey(), detail.getValue());
        }
        return new ProblemException(
                problem, Map.of("Retry-After", Long.toString(e.retryAfter(clock).toSeconds())));
    }

    /**
     * The key and request id of {@code req}, and the agent and task its headers name, each left out if it is not an
     * agent id or a task name ({@link #checkAttribution} refuses the request then, and it is recorded without them).
     */
    private static Completions.Caller caller(ServerRequest req) {
        Principal p = req.context().get(Principal.class).orElseThrow();
        String agent = req.headers().first(AGENT_HEADER).orElse(null);
        String task = req.headers().first(TASK_HEADER).orElse(null);
        return new Completions.Caller(
                p.keyId(),
                Requests.id(req),
                Attribution.agentProblem(agent) == null ? agent : null,
                Attribution.taskProblem(task) == null ? task : null,
                req.headers().first(TIER_HEADER).flatMap(Tier::of).orElse(null));
    }

    /** A 400 naming the header if {@code x-helix-tier} is given and is not a tier. */
    private static void checkTier(ServerRequest req) {
        req.headers().first(TIER_HEADER).ifPresent(value -> {
            if (Tier.of(value).isEmpty()) {
                throw GatewayErrors.invalid(
                        TIER_HEADER.defaultCase(),
                        "header " + TIER_HEADER.defaultCase() + ": '" + value
                                + "' is not a tier; expected simple, medium, complex or reasoning");
            }
        });
    }

    /** A 400 naming the header if {@code x-helix-agent} or {@code x-helix-task} is not an agent id or task name. */
    private static void checkAttribution(ServerRequest req) {
        String agentProblem =
                Attribution.agentProblem(req.headers().first(AGENT_HEADER).orElse(null));
        if (agentProblem != null) {
            throw GatewayErrors.invalid(
                    Attribution.AGENT_HEADER, "header " + Attribution.AGENT_HEADER + ": " + agentProblem);
        }
        String taskProblem =
                Attribution.taskProblem(req.headers().first(TASK_HEADER).orElse(null));
        if (taskProblem != null) {
            throw GatewayErrors.invalid(
                    Attribution.TASK_HEADER, "header " + Attribution.TASK_HEADER + ": " + taskProblem);
        }
    }

    private static Completions.CacheMode cacheMode(ServerRequest req) {
        String value = req.headers().first(CACHE_HEADER).orElse("");
        return switch (value) {
            case "" -> Completions.CacheMode.AUTO;
            case "on" -> Completions.CacheMode.ON;
            case "off" -> Completions.CacheMode.OFF;
            default ->
                throw GatewayErrors.invalid(
                        Completions.CACHE, "header x-helix-cache is '" + value + "'; expected on or off");
        };
    }
}
