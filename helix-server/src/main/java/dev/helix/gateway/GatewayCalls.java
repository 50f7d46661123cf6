package dev.helix.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.provider.UnsupportedRequestException;
import dev.helix.gateway.usage.LimitExceededException;
import dev.helix.gateway.usage.UsageRecord;
import dev.helix.http.ProblemException;
import dev.helix.internal.Json;
import dev.helix.internal.Money;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway for callers inside Helix (conversations, memory): chat completions and embeddings through the same
 * routing, failover, cache, limits and usage accounting as {@code /v1/chat/completions} and {@code /v1/embeddings},
 * without HTTP; and what those callers need to plan a prompt, a model's context window and a token count. Obtained
 * from {@link Gateway#calls()}; thread-safe.
 *
 * <p>Calls block the calling thread (a virtual thread is the natural caller) and never throw for what can go wrong
 * at run time — an unknown model, an invalid option, a refusal by the key's limits, failing providers: the result
 * says how the call ended ({@link CallStatus}) and why. Each call is recorded in usage exactly once, with its agent
 * and task. The route class's rate limit and bulkhead of {@code /v1} do not apply (no HTTP request is made); the
 * key's budget and per-minute limits do.
 */
public final class GatewayCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayCalls.class);

    private final Completions completions;
    private final Supplier<GatewaySetup> setup;

    GatewayCalls(Completions completions, Supplier<GatewaySetup> setup) {
        this.completions = completions;
        this.setup = setup;
    }

    /**
     * One chat completion from inside Helix, through routing, failover, budgets, cache and usage accounting. Blocks
     * until the answer is complete or the call ends otherwise; when {@code call.stream()}, hands each piece of text
     * to {@code onToken} as it arrives (see {@link TokenListener} for stopping the call from there).
     */
    public ChatResult chat(ChatCall call, TokenListener onToken) {
        long start = System.nanoTime();
        Completions.Caller caller = new Completions.Caller(call.keyId(), call.requestId(), call.agent(), call.task());
        ObjectNode body = body(call);
        ChatCollector answer = new ChatCollector(onToken);
        try {
            completions.chat(caller, body, Json.bytes(body).length, Completions.CacheMode.AUTO, answer);
            return answer.result(call.model(), millisSince(start));
        } catch (RuntimeException e) {
            if (answer.stoppedByListener()) {
                return answer.result(call.model(), millisSince(start)); // a cached stream replayed: recorded
            }
            completions.failed(caller, body, e, start);
            return ChatResult.unanswered(status(e), call.model(), millisSince(start), message(e));
        } finally {
            answer.restoreInterrupt();
        }
    }

    /** {@link #chat(ChatCall, TokenListener)} without a listener: the text comes with the result. */
    public ChatResult chat(ChatCall call) {
        return chat(call, TokenListener.NONE);
    }

    /** Embeddings from inside Helix: one vector per input text, accounted like {@code /v1/embeddings}. */
    public EmbeddingsResult embeddings(EmbeddingsCall call) {
        long start = System.nanoTime();
        Completions.Caller caller = new Completions.Caller(call.keyId(), call.requestId(), call.agent(), call.task());
        ObjectNode body = Json.mapper().createObjectNode().put("model", call.model());
        ArrayNode input = body.putArray("input");
        call.inputs().forEach(input::add);
        EmbeddingsCollector answer = new EmbeddingsCollector(call.inputs().size());
        try {
            completions.embeddings(caller, body, answer);
            return answer.result(call.model(), millisSince(start));
        } catch (RuntimeException e) {
            completions.failed(caller, body, e, start);
            return EmbeddingsResult.unanswered(status(e), call.model(), millisSince(start), message(e));
        }
    }

    /**
     * The context window of {@code model} in tokens (prompt plus output): its {@code contextWindow}, else the
     * smallest one its deployments give, else {@value ModelConfig#DEFAULT_CONTEXT_WINDOW}; the default also for a
     * model that is not configured (a call of it fails anyway). For a router, the smallest window of its models, since
     * any of them may answer.
     */
    public int contextWindow(String model) {
        ModelConfig m = configured(model);
        return m == null ? ModelConfig.DEFAULT_CONTEXT_WINDOW : m.contextWindow();
    }

    /** An estimate of the tokens {@code text} takes for {@code model} (see {@link TokenCounter}). */
    public int countTokens(String model, String text) {
        return TokenCounter.count(configured(model), text);
    }

    /** An estimate of the prompt tokens {@code messages} take for {@code model}, chat framing included. */
    public int countTokens(String model, List<ChatCall.Message> messages) {
        return TokenCounter.count(configured(model), messages);
    }

    /** The model names configured now, in the order written. */
    public List<String> models() {
        return setup.get().config().modelNames();
    }

    /** What {@code r} cost in US dollars, to the nano-dollar as usage keeps it; zero without a record. */
    static BigDecimal cost(@Nullable UsageRecord r) {
        return r == null ? BigDecimal.ZERO : BigDecimal.valueOf(Money.toNanos(r.costUsd()), 9);
    }

    /** The model called {@code model}; for a router, the one of its models with the smallest window; or null. */
    private @Nullable ModelConfig configured(String model) {
        GatewayConfig config = setup.get().config();
        return config.model(model)
                .or(() -> config.router(model)
                        .flatMap(r -> r.tiers().values().stream()
                                .flatMap(name -> config.model(name).stream())
                                .min(Comparator.comparingInt(ModelConfig::contextWindow))))
                .orElse(null);
    }

    /** The OpenAI request body of {@code call}; a stream asks for its usage chunk, which the result reads. */
    private static ObjectNode body(ChatCall call) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", call.model());
        ArrayNode messages = body.putArray("messages");
        call.messages().forEach(m -> messages.addObject().put("role", m.role()).put("content", m.content()));
        JsonNode options = Json.mapper().valueToTree(call.options());
        body.setAll((ObjectNode) options);
        body.put("stream", call.stream());
        if (call.stream()) {
            JsonNode streamOptions = body.get("stream_options");
            ObjectNode so = streamOptions instanceof ObjectNode o ? o : body.putObject("stream_options");
            so.put("include_usage", true);
        }
        return body;
    }

    private static CallStatus status(RuntimeException e) {
        return e instanceof LimitExceededException ? CallStatus.REFUSED : CallStatus.FAILED;
    }

    /** The message of an expected failure; an unexpected one is logged, since nothing else will report it. */
    private static String message(RuntimeException e) {
        boolean expected = e instanceof LimitExceededException
                || e instanceof FailoverException
                || e instanceof ProblemException
                || e instanceof UnsupportedRequestException;
        if (!expected) {
            LOG.warn("an LLM call from inside Helix failed unexpectedly", e);
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
