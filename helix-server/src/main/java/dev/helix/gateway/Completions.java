package dev.helix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.cache.ResponseCache;
import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.config.RouterConfig;
import dev.helix.gateway.config.Tier;
import dev.helix.gateway.provider.ChunkStream;
import dev.helix.gateway.provider.UnsupportedRequestException;
import dev.helix.gateway.provider.UpstreamAnswer;
import dev.helix.gateway.provider.UpstreamCall;
import dev.helix.gateway.provider.UpstreamException;
import dev.helix.gateway.provider.Usage;
import dev.helix.gateway.routing.Complexity;
import dev.helix.gateway.routing.RequestNeeds;
import dev.helix.gateway.routing.Router;
import dev.helix.gateway.usage.Accounting;
import dev.helix.gateway.usage.LimitExceededException;
import dev.helix.gateway.usage.Refusal;
import dev.helix.gateway.usage.UsageRecord;
import dev.helix.http.ProblemException;
import dev.helix.internal.Json;
import dev.helix.internal.Money;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Serves one chat completion or embeddings request: validates it, checks the caller's limits, answers from the
 * cache or through {@link Failover}, streams chunks as they arrive, and records usage and cost exactly once (a request
 * that fails before it is answered is recorded by {@link #failed}, which the HTTP handler calls).
 */
final class Completions {
    /** Response headers that say what happened. */
    static final String DEPLOYMENT = "x-helix-deployment";

    static final String ATTEMPTS = "x-helix-attempts";
    static final String CACHE = "x-helix-cache";
    static final String COST = "x-helix-cost-usd";
    static final String FAILED_ANSWERS = "x-helix-failed-answers";

    /** What the client asked of the cache with {@code x-helix-cache}. */
    enum CacheMode {
        AUTO,
        ON,
        OFF
    }

    /** How the cache took part in an answer, as the {@code x-helix-cache} response header says. */
    enum CacheOutcome {
        /** Not looked up: the request is not cacheable. */
        BYPASS("bypass"),
        /** Looked up and not found: the answer comes from upstream and is kept. */
        MISS("miss"),
        /** Answered from the cache. */
        HIT("hit");

        private final String header;

        CacheOutcome(String header) {
            this.header = header;
        }

        /** The value of the {@code x-helix-cache} header. */
        String header() {
            return header;
        }
    }

    /**
     * Who asks, for which request, and for which agent and task (each null when not said).
     *
     * @param keyId     the API key the request is accounted to
     * @param requestId the request's id
     * @param agent     the agent the request is made for, or null
     * @param task      the task it does, or null
     * @param tier      the tier a router must use for the request ({@code X-Helix-Tier}), or null to judge it
     */
    record Caller(
            String keyId,
            String requestId,
            @Nullable String agent,
            @Nullable String task,
            @Nullable Tier tier) {
        Caller(String keyId, String requestId, @Nullable String agent, @Nullable String task) {
            this(keyId, requestId, agent, task, null);
        }
    }

    /** The model that answers a request, and the tier a router chose it for (null when no router was called). */
    private record Routed(ModelConfig model, @Nullable Tier tier) {}

    private record Primed(ChunkStream stream, byte @Nullable [] first) {}

    private final Supplier<GatewaySetup> setup;
    private final Failover failover;
    private final ResponseCache cache;
    private final GatewayMetrics metrics;
    private final Accounting accounting;
    private final InFlightCalls inFlight;
    private final Clock clock;

    Completions(
            Supplier<GatewaySetup> setup,
            Failover failover,
            ResponseCache cache,
            GatewayMetrics metrics,
            Accounting accounting,
            InFlightCalls inFlight,
            Clock clock) {
        this.clock = clock;
        this.inFlight = inFlight;
        this.setup = setup;
        this.failover = failover;
        this.cache = cache;
        this.metrics = metrics;
        this.accounting = accounting;
    }

    /** Answers a {@code /v1/chat/completions} body into {@code sink}. */
    void chat(Caller caller, ObjectNode body, int bodyBytes, CacheMode mode, AnswerSink sink) {
        inFlight.during(() -> answerChat(caller, body, bodyBytes, mode, sink));
    }

    /** Answers an {@code /v1/embeddings} body into {@code sink}. */
    void embeddings(Caller caller, ObjectNode body, AnswerSink sink) {
        inFlight.during(() -> answerEmbeddings(caller, body, sink));
    }

    private void answerChat(Caller caller, ObjectNode body, int bodyBytes, CacheMode mode, AnswerSink sink) {
        long start = System.nanoTime();
        ChatRequests.validate(body);
        GatewaySetup current = setup.get();
        Routed routed = route(current, body, caller.tier());
        ModelConfig model = routed.model();
        Tier tier = routed.tier();
        if (tier != null) {
            metrics.routed(body.get("model").asText(), tier);
        }
        AnswerSink out = tier == null ? sink : new TierHeader(sink, tier);
        RequestNeeds needs = ChatRequests.needs(body, bodyBytes);
        String incapable = Router.whyNoneCapable(model, needs);
        if (incapable != null) {
            throw GatewayErrors.invalid(needs.tools() ? "tools" : "messages", incapable);
        }
        accounting.admit(caller.keyId(), caller.requestId(), ChatRequests.admissionTokens(body, bodyBytes));
        boolean stream = body.path("stream").asBoolean(false);
        String cacheKey = cacheable(body, mode)
                ? ResponseCache.key(caller.keyId(), tier == null ? "chat" : "chat@" + model.name(), body)
                : null;
        if (cacheKey != null && serveCached(caller, model, cacheKey, stream, out, start)) {
            return;
        }
        if (stream) {
            stream(caller, current, model, needs, body, cacheKey, out, start);
        } else {
            complete(caller, current, model, needs, body, cacheKey, out, start);
        }
    }

    private void complete(
            Caller caller,
            GatewaySetup current,
            ModelConfig model,
            RequestNeeds needs,
            ObjectNode body,
            @Nullable String cacheKey,
            AnswerSink sink,
            long start) {
        Failover.Success<UpstreamAnswer> s = run(
                model, current, needs, (p, d, w) -> p.chat(new UpstreamCall(body, model.name(), d, false, false, w)));
        s.watch().finish();
        long upstream = System.nanoTime() - s.startNanos();
        metrics.upstream(s.deployment().id(), upstream);
        double cost = Pricing.cost(s.deployment().price(), s.result().usage());
        if (cacheKey != null) {
            cache.put(
                    cacheKey,
                    new ResponseCache.Answer(
                            s.result().body(), List.of(), s.deployment().id()));
        }
        Map<String, String> headers =
                headers(s, cacheKey == null ? CacheOutcome.BYPASS : CacheOutcome.MISS, false, cost);
        metrics.overhead("complete", System.nanoTime() - start - upstream);
        sink.recorded(finish(
                caller, model, s.deployment(), s.result().usage(), cost, start, 200, s.attempts(), s.failedAnswers()));
        sink.complete(headers, s.result().body());
    }

    private void stream(
            Caller caller,
            GatewaySetup current,
            ModelConfig model,
            RequestNeeds needs,
            ObjectNode body,
            @Nullable String cacheKey,
            AnswerSink sink,
            long start) {
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        Failover.Success<Primed> s = run(model, current, needs, (p, d, w) -> {
            ChunkStream chunks = p.stream(new UpstreamCall(body, model.name(), d, true, includeUsage, w));
            try {
                return new Primed(chunks, chunks.next());
            } catch (RuntimeException e) {
                chunks.close();
                throw e;
            }
        });
        DeploymentConfig d = s.deployment();
        metrics.timeToFirstToken(d.id(), System.nanoTime() - start);
        List<byte[]> kept = cacheKey == null ? null : new ArrayList<>();
        try {
            int status = relay(s, sink, kept);
            long upstream = System.nanoTime() - s.startNanos();
            metrics.upstream(d.id(), upstream);
            Usage usage = s.result().stream().usage();
            double cost = Pricing.cost(d.price(), usage);
            int failedAnswers = s.failedAnswers() + (status == 502 ? 1 : 0);
            sink.recorded(finish(caller, model, d, usage, cost, start, status, s.attempts(), failedAnswers));
            if (status == 200) {
                if (kept != null && cacheKey != null) {
                    cache.put(cacheKey, new ResponseCache.Answer(null, kept, d.id()));
                }
                sink.comment(COST + ": " + Money.plain(cost));
                sink.done();
            }
        } finally {
            // after the client has its end: reading the upstream body's tail lets the connection be reused
            s.result().stream().close();
            s.watch().finish();
        }
    }

    /** Copies chunks to the client; returns 200, 502 (upstream broke: error event sent) or 499 (client left). */
    private int relay(Failover.Success<Primed> s, AnswerSink sink, @Nullable List<byte[]> kept) {
        ChunkStream chunks = s.result().stream();
        try {
            sink.open(headers(s, kept == null ? CacheOutcome.BYPASS : CacheOutcome.MISS, true, 0));
            byte[] chunk = s.result().first();
            while (chunk != null) {
                sink.chunk(chunk);
                if (kept != null) {
                    kept.add(chunk);
                }
                chunk = chunks.next();
            }
            return 200;
        } catch (UpstreamException e) {
            failover.brokeMidStream(s.deployment(), e, System.nanoTime() - s.startNanos());
            sendError(sink, e);
            return 502;
        } catch (UncheckedIOException e) {
            s.watch().cancel();
            return 499;
        }
    }

    private static void sendError(AnswerSink sink, UpstreamException e) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "the upstream stream broke before it ended: " + e.getMessage());
        error.put("type", "server_error");
        error.put("code", "upstream_stream_broken");
        error.put("param", null);
        try {
            sink.chunk(Json.bytes(Map.of("error", error)));
        } catch (UncheckedIOException ignored) {
            // the client is gone too
        }
    }

    /** Answers a {@code /v1/embeddings} body. */
    private void answerEmbeddings(Caller caller, ObjectNode body, AnswerSink sink) {
        long start = System.nanoTime();
        ChatRequests.requireText(body, "model");
        JsonNode input = body.get("input");
        if (input == null || !(input.isTextual() || (input.isArray() && !input.isEmpty() && input.size() <= 2048))) {
            throw GatewayErrors.invalid(
                    "input", "'input' is required: a string or an array of 1 to 2048 strings " + "or token arrays");
        }
        GatewaySetup current = setup.get();
        Routed routed = route(current, body, caller.tier());
        ModelConfig model = routed.model();
        Tier tier = routed.tier();
        if (tier != null) {
            metrics.routed(body.get("model").asText(), tier);
            sink = new TierHeader(sink, tier);
        }
        RequestNeeds needs =
                new RequestNeeds(false, false, false, input.toString().length() / 4);
        accounting.admit(caller.keyId(), caller.requestId(), needs.estimatedTokens());
        Failover.Success<UpstreamAnswer> s = run(model, current, needs, (p, d, w) -> {
            try {
                return p.embeddings(body, d, w);
            } catch (UnsupportedOperationException e) {
                throw GatewayErrors.invalid(
                        "model",
                        "deployment " + d.id() + " of model '" + model.name() + "' cannot make embeddings: "
                                + e.getMessage());
            }
        });
        s.watch().finish();
        double cost = Pricing.cost(s.deployment().price(), s.result().usage());
        sink.recorded(finish(
                caller, model, s.deployment(), s.result().usage(), cost, start, 200, s.attempts(), s.failedAnswers()));
        sink.complete(headers(s, CacheOutcome.BYPASS, false, cost), s.result().body());
    }

    /** Runs {@code call} through failover; a failure is counted in the metrics, and recorded by {@link #failed}. */
    private <T> Failover.Success<T> run(
            ModelConfig model, GatewaySetup current, RequestNeeds needs, Failover.Call<T> call) {
        try {
            return failover.run(current, model, needs, call);
        } catch (FailoverException e) {
            metrics.request(model.name(), "none", e.status());
            throw e;
        } catch (ProblemException e) {
            metrics.request(model.name(), "none", e.problem().status());
            throw e;
        }
    }

    /**
     * Records a request that failed before any usage of it was recorded: refused by a limit of its key, refused as
     * invalid (a client error given without calling a provider), or failed upstream. {@code body} is null when the
     * request had no JSON body. Only limit, failover, problem and unsupported-request exceptions are recorded: none of
     * them is thrown once a request's usage is recorded (after that only writing to the client can fail).
     */
    void failed(Caller caller, @Nullable ObjectNode body, RuntimeException e, long start) {
        String model = configuredModel(body);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (e instanceof LimitExceededException limit) {
            refused(caller, model, limit.refusal(), 429, millis);
        } else if (e instanceof UnsupportedRequestException) {
            refused(caller, model, Refusal.INVALID, 400, millis);
        } else if (e instanceof FailoverException f) {
            unanswered(caller, model, f.status(), millis, f.attempts(), f.failedAnswers());
        } else if (e instanceof ProblemException p && p.problem().status() < 500) {
            refused(caller, model, Refusal.INVALID, p.problem().status(), millis);
        } else if (e instanceof ProblemException p) {
            unanswered(caller, model, p.problem().status(), millis, 0, 0);
        }
    }

    private void unanswered(
            Caller caller, @Nullable String model, int status, long millis, int attempts, int failedAnswers) {
        record(
                caller,
                new UsageRecord(
                        clock.instant(),
                        caller.requestId(),
                        caller.keyId(),
                        model,
                        null,
                        null,
                        Usage.NONE,
                        0,
                        millis,
                        status,
                        false,
                        attempts,
                        failedAnswers,
                        null));
    }

    private void refused(Caller caller, @Nullable String model, Refusal refusal, int status, long millis) {
        record(
                caller,
                UsageRecord.refused(
                        clock.instant(), caller.requestId(), caller.keyId(), model, refusal, status, millis));
    }

    /** The configured model {@code body} names, or null (no body, no model, or one that is not configured). */
    private @Nullable String configuredModel(@Nullable ObjectNode body) {
        JsonNode name = body == null ? null : body.get("model");
        if (name == null || !name.isTextual()) {
            return null;
        }
        GatewayConfig config = setup.get().config();
        return config.model(name.asText()).isPresent()
                        || config.router(name.asText()).isPresent()
                ? name.asText()
                : null;
    }

    private boolean serveCached(
            Caller caller, ModelConfig model, String key, boolean stream, AnswerSink sink, long start) {
        var hit = cache.get(key);
        metrics.cache(hit.isPresent());
        if (hit.isEmpty()) {
            return false;
        }
        ResponseCache.Answer answer = hit.get();
        metrics.request(model.name(), answer.deployment(), 200);
        UsageRecord record = new UsageRecord(
                clock.instant(),
                caller.requestId(),
                caller.keyId(),
                model.name(),
                providerOf(answer.deployment()),
                answer.deployment(),
                Usage.NONE,
                0,
                (System.nanoTime() - start) / 1_000_000,
                200,
                true,
                0);
        sink.recorded(record(caller, record));
        if (stream) {
            sink.open(Map.of(
                    DEPLOYMENT, answer.deployment(), ATTEMPTS, "0", CACHE, CacheOutcome.HIT.header(), COST, "0"));
            answer.chunks().forEach(sink::chunk);
            sink.comment(COST + ": 0");
            sink.done();
        } else {
            sink.complete(
                    Map.of(DEPLOYMENT, answer.deployment(), ATTEMPTS, "0", CACHE, CacheOutcome.HIT.header(), COST, "0"),
                    Objects.requireNonNull(answer.body(), "a cached complete answer has a body"));
        }
        return true;
    }

    private boolean cacheable(ObjectNode body, CacheMode mode) {
        if (!cache.enabled() || mode == CacheMode.OFF) {
            return false;
        }
        JsonNode temperature = body.get("temperature");
        return mode == CacheMode.ON || (temperature != null && temperature.isNumber() && temperature.asDouble() == 0);
    }

    private static Map<String, String> headers(
            Failover.Success<?> s, CacheOutcome outcome, boolean stream, double cost) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(DEPLOYMENT, s.deployment().id());
        h.put(ATTEMPTS, Integer.toString(s.attempts()));
        if (s.failedAnswers() > 0) {
            h.put(FAILED_ANSWERS, Integer.toString(s.failedAnswers()));
        }
        h.put(CACHE, outcome.header());
        if (!stream) {
            h.put(COST, Money.plain(cost));
        }
        return h;
    }

    /**
     * The model that answers {@code body}: the one it names, or, when it names a router, the model of the tier the
     * caller asked for or {@link Complexity} judges.
     */
    private static Routed route(GatewaySetup current, ObjectNode body, @Nullable Tier asked) {
        String name = body.get("model").asText();
        Optional<RouterConfig> router = current.config().router(name);
        if (router.isEmpty()) {
            return new Routed(model(current, name), null);
        }
        Tier tier = asked != null ? asked : Complexity.of(body);
        return new Routed(model(current, router.get().modelFor(tier)), tier);
    }

    private static ModelConfig model(GatewaySetup current, String name) {
        return current.config()
                .model(name)
                .orElseThrow(
                        () -> GatewayErrors.unknownModel(name, current.config().modelNames()));
    }

    /** Counts a request that got an answer (or a stream that ended some way) and records its usage; the record. */
    private UsageRecord finish(
            Caller caller,
            ModelConfig model,
            @Nullable DeploymentConfig d,
            Usage usage,
            double cost,
            long start,
            int status,
            int attempts,
            int failedAnswers) {
        String deployment = d == null ? "none" : d.id();
        metrics.request(model.name(), deployment, status);
        if (d != null) {
            metrics.usage(model.name(), deployment, usage, cost);
        }
        UsageRecord record = new UsageRecord(
                clock.instant(),
                caller.requestId(),
                caller.keyId(),
                model.name(),
                d == null ? null : d.provider(),
                d == null ? null : deployment,
                usage,
                cost,
                (System.nanoTime() - start) / 1_000_000,
                status,
                false,
                attempts,
                failedAnswers,
                null);
        return record(caller, record);
    }

    /** Records {@code record} made for {@code caller}'s agent and task; the record as recorded. */
    private UsageRecord record(Caller caller, UsageRecord record) {
        UsageRecord attributed = record.attributedTo(caller.agent(), caller.task());
        accounting.record(attributed);
        return attributed;
    }

    private static String providerOf(String deployment) {
        int slash = deployment.indexOf('/');
        return slash < 0 ? deployment : deployment.substring(0, slash);
    }
}
