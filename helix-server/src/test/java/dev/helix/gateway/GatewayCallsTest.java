package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testkit.Fault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Chat completions and embeddings from inside Helix, through the same gateway as HTTP, against mock providers. */
@Timeout(60)
class GatewayCallsTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    private final HelixClient client = server.client();
    private final GatewayCalls calls = server.calls();
    private final AtomicInteger requests = new AtomicInteger();

    private static final List<ChatCall.Message> HELLO =
            List.of(ChatCall.Message.system("Be brief."), ChatCall.Message.user("Hello there"));

    private String adminKeyId() {
        return client.get("/api/v1/me").json().get("id").asText();
    }

    private ChatCall call(String model) {
        return ChatCall.of(adminKeyId(), "in-process-" + requests.incrementAndGet(), model, HELLO);
    }

    @Test
    void aWholeAnswerComesWithItsTextDeploymentTokensAndCost() {
        ChatResult result = calls.chat(call("fast"));

        assertThat(result.status()).isEqualTo(CallStatus.COMPLETE);
        assertThat(result.error()).isNull();
        assertThat(result.text()).isEqualTo("mock reply to: Hello there");
        assertThat(result.model()).isEqualTo("fast");
        assertThat(result.deployment()).isEqualTo("primary/cheap-1");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.cacheHit()).isFalse();
        assertThat(result.promptTokens()).isPositive();
        assertThat(result.completionTokens()).isPositive();
        double expected = (result.promptTokens() * 0.15 + result.completionTokens() * 0.60) / 1e6;
        assertThat(result.costUsd().doubleValue()).isCloseTo(expected, within(1e-9));
        assertThat(MOCKS.primary.lastRequest().body().get("stream").asBoolean()).isFalse();
    }

    @Test
    void aStreamedAnswerGoesToTheListenerPieceByPieceAndIsBilled() {
        List<String> deltas = new ArrayList<>();
        ChatResult result = calls.chat(call("fast").streamed(), deltas::add);

        assertThat(result.status()).isEqualTo(CallStatus.COMPLETE);
        assertThat(deltas).hasSizeGreaterThan(1);
        assertThat(String.join("", deltas)).isEqualTo(result.text()).isEqualTo("mock reply to: Hello there");
        assertThat(result.finishReason()).isEqualTo("stop");
        assertThat(result.promptTokens()).isPositive();
        assertThat(result.costUsd()).isPositive();
        assertThat(MOCKS.primary
                        .lastRequest()
                        .body()
                        .at("/stream_options/include_usage")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void optionsGoIntoTheRequestBody() {
        ChatResult result = calls.chat(call("fast").withOptions(Map.of("max_tokens", 50, "temperature", 0.5)));

        assertThat(result.complete()).isTrue();
        assertThat(MOCKS.primary.lastRequest().body().get("max_tokens").asInt()).isEqualTo(50);
        assertThat(MOCKS.primary.lastRequest().body().get("temperature").asDouble())
                .isEqualTo(0.5);
    }

    @Test
    void aFailingDeploymentFailsOverToTheNext() {
        MOCKS.primary.failNext(1, Fault.status(503));

        ChatResult result = calls.chat(call("fast"));

        assertThat(result.status()).isEqualTo(CallStatus.COMPLETE);
        assertThat(result.deployment()).isEqualTo("secondary/dear-1");
    }

    @Test
    void whenEveryDeploymentFailsNothingUsableComesBack() {
        MOCKS.secondary.alwaysFail(Fault.status(500));
        try {
            ChatResult result = calls.chat(call("breakable"));

            assertThat(result.status()).isEqualTo(CallStatus.FAILED);
            assertThat(result.text()).isEmpty();
            assertThat(result.error()).contains("secondary/breakable-1");
        } finally {
            MOCKS.secondary.clearFaults();
        }
    }

    @Test
    void anUnknownModelOrAnInvalidOptionFailsWithTheReason() {
        assertThat(calls.chat(call("nope")).error()).contains("'nope' does not exist");
        ChatResult invalid = calls.chat(call("fast").withOptions(Map.of("temperature", 7)));
        assertThat(invalid.status()).isEqualTo(CallStatus.FAILED);
        assertThat(invalid.error()).contains("'temperature' must be a number from 0 to 2");
    }

    @Test
    void aKeyOverItsBudgetIsRefusedWithoutCallingAProvider() {
        HelixClient.Reply created =
                client.postJson("/api/v1/keys", "{\"name\":\"thrifty\",\"budgetUsd\":0.000001,\"period\":\"day\"}");
        String keyId = created.json().get("id").asText();
        assertThat(calls.chat(ChatCall.of(keyId, "budget-1", "fast", HELLO)).complete())
                .isTrue();
        long before = MOCKS.primary.requestCount();

        ChatResult refused = calls.chat(ChatCall.of(keyId, "budget-2", "fast", HELLO));

        assertThat(refused.status()).isEqualTo(CallStatus.REFUSED);
        assertThat(refused.error()).contains("daily budget");
        assertThat(refused.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(MOCKS.primary.requestCount()).isEqualTo(before);
    }

    @Test
    void aStreamThatBreaksMidwayIsCutWithTheTextReceived() {
        MOCKS.primary.failNext(1, Fault.cut());
        List<String> deltas = new ArrayList<>();

        ChatResult result = calls.chat(call("fast").streamed(), deltas::add);

        assertThat(result.status()).isEqualTo(CallStatus.CUT);
        assertThat(result.text()).isNotEmpty().isEqualTo(String.join("", deltas));
        assertThat("mock reply to: Hello there").startsWith(result.text()).isNotEqualTo(result.text());
        assertThat(result.error()).contains("stream broke");
        assertThat(result.deployment()).isEqualTo("primary/cheap-1");
    }

    @Test
    void aListenerThatThrowsStopsTheStreamAndCancelsTheUpstreamCall() {
        // 200 pieces 100 ms apart: the upstream stream would run for 20 s if it were not cancelled
        MOCKS.primary.options(MOCKS.primary.options().withChunks(200).withChunkSpacing(Duration.ofMillis(100)));
        try {
            List<String> deltas = new ArrayList<>();
            ChatResult result = calls.chat(call("fast").streamed(), delta -> {
                deltas.add(delta);
                throw new InterruptedException("the conversation was cancelled");
            });

            assertThat(Thread.interrupted())
                    .as("the listener's interrupt is restored")
                    .isTrue();
            assertThat(result.status()).isEqualTo(CallStatus.CUT);
            assertThat(deltas).hasSize(1);
            assertThat(result.text()).isEqualTo(deltas.getFirst());
            assertThat(result.error()).contains("the conversation was cancelled");
            Await.until(Duration.ofSeconds(10), MOCKS.primary::activeRequests, n -> n == 0);
        } finally {
            MOCKS.primary.options(MOCKS.primary.options().withChunks(5).withChunkSpacing(Duration.ZERO));
        }
    }

    @Test
    void aRepeatedCallAtTemperatureZeroIsAnsweredFromTheCacheWholeOrStreamed() {
        ChatCall first = call("fast").withOptions(Map.of("temperature", 0));
        ChatResult fresh = calls.chat(first);
        ChatResult cached = calls.chat(call("fast").withOptions(Map.of("temperature", 0)));

        assertThat(fresh.cacheHit()).isFalse();
        assertThat(cached.cacheHit()).isTrue();
        assertThat(cached.text()).isEqualTo(fresh.text());
        assertThat(cached.costUsd()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(cached.promptTokens()).isZero();

        ChatCall streamed = call("fast").withOptions(Map.of("temperature", 0)).streamed();
        calls.chat(streamed);
        List<String> deltas = new ArrayList<>();
        ChatResult replayed =
                calls.chat(call("fast").withOptions(Map.of("temperature", 0)).streamed(), deltas::add);
        assertThat(replayed.cacheHit()).isTrue();
        assertThat(replayed.status()).isEqualTo(CallStatus.COMPLETE);
        assertThat(String.join("", deltas)).isEqualTo(fresh.text());

        ChatResult stopped =
                calls.chat(call("fast").withOptions(Map.of("temperature", 0)).streamed(), delta -> {
                    throw new IllegalStateException("enough");
                });
        assertThat(stopped.status()).isEqualTo(CallStatus.CUT);
        assertThat(stopped.cacheHit()).isTrue();
        assertThat(stopped.text()).isNotEmpty();
        assertThat(fresh.text()).startsWith(stopped.text());
    }

    @Test
    void embeddingsComeAsOneVectorPerInputInOrder() {
        EmbeddingsResult result =
                calls.embeddings(EmbeddingsCall.of(adminKeyId(), "embed-1", "fast", List.of("alpha", "beta", "alpha")));

        assertThat(result.status()).isEqualTo(CallStatus.COMPLETE);
        assertThat(result.vectors()).hasSize(3);
        assertThat(result.vectors().getFirst())
                .hasSize(8)
                .isEqualTo(result.vectors().get(2));
        assertThat(result.vectors().get(1)).isNotEqualTo(result.vectors().getFirst());
        assertThat(result.deployment()).isEqualTo("primary/cheap-1");
        assertThat(result.promptTokens()).isPositive();
        assertThat(calls.embeddings(EmbeddingsCall.of(adminKeyId(), "embed-2", "nope", List.of("x")))
                        .status())
                .isEqualTo(CallStatus.FAILED);
    }

    @Test
    void callsAreCheckedWhenMade() {
        assertThatThrownBy(() -> ChatCall.of("key", "r", "fast", List.of()))
                .hasMessageContaining("at least one message");
        assertThatThrownBy(() -> call("fast").withOptions(Map.of("model", "other")))
                .hasMessageContaining("must not set 'model'");
        assertThatThrownBy(() -> call("fast").attributedTo("Coder One", null))
                .hasMessageContaining("agent 'Coder One' is not an agent id");
        assertThatThrownBy(() -> call("fast").attributedTo("coder", "Sum up"))
                .hasMessageContaining("task 'Sum up' is not a task name");
        assertThatThrownBy(() -> EmbeddingsCall.of("key", "r", "fast", List.of()))
                .hasMessageContaining("1 to 2048 texts");
    }

    @Test
    void aModelsContextWindowIsTheDefaultWhenNeitherItNorItsDeploymentsSay() {
        assertThat(calls.contextWindow("fast")).isEqualTo(8192);
        assertThat(calls.contextWindow("not-configured")).isEqualTo(8192);
    }

    @Test
    void tokensAreCountedWithOpenAisEncodings() {
        assertThat(calls.countTokens("fast", "Hello world")).isEqualTo(2);
        assertThat(calls.countTokens("fast", "")).isZero();
        assertThat(calls.countTokens("fast", HELLO))
                .isEqualTo(3
                        + 2 * 3
                        + calls.countTokens("fast", "system")
                        + calls.countTokens("fast", "Be brief.")
                        + calls.countTokens("fast", "user")
                        + calls.countTokens("fast", "Hello there"));
    }
}
