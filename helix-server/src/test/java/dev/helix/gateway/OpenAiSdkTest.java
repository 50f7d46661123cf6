package dev.helix.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.helix.testkit.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official OpenAI Java SDK, unchanged, pointed at Helix. */
@Timeout(60)
class OpenAiSdkTest {
    @RegisterExtension
    static final GatewayServer server = new GatewayServer();

    static final GatewayFixture MOCKS = server.mocks;

    private static OpenAIClient sdk(String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(server.client().base() + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    private static ChatCompletionCreateParams.Builder params(String model) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addSystemMessage("Be brief.")
                .addUserMessage("What is the weather in Paris?");
    }

    @Test
    void plainCompletion() {
        ChatCompletion completion = sdk(server.client().adminKey())
                .chat()
                .completions()
                .create(params("fast").build());
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().getFirst().message().content())
                .hasValueSatisfying(c -> assertThat(c).contains("weather"));
        assertThat(completion.usage())
                .hasValueSatisfying(u -> assertThat(u.totalTokens()).isPositive());
    }

    @Test
    void streamingCompletion() {
        StringBuilder text = new StringBuilder();
        long[] usage = {0};
        try (StreamResponse<ChatCompletionChunk> stream = sdk(server.client().adminKey())
                .chat()
                .completions()
                .createStreaming(params("fast")
                        .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                                .includeUsage(true)
                                .build())
                        .build())) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage[0] = u.totalTokens());
            });
        }
        assertThat(text.toString()).contains("weather");
        assertThat(usage[0]).isPositive();
    }

    @Test
    void toolCallsPlainAndStreamed() {
        FunctionDefinition weather = FunctionDefinition.builder()
                .name("get_weather")
                .description("Weather now")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .build();
        OpenAIClient client = sdk(server.client().adminKey());
        ChatCompletion completion = client.chat()
                .completions()
                .create(params("fast").addFunctionTool(weather).build());
        ChatCompletionMessageFunctionToolCall call = completion
                .choices()
                .getFirst()
                .message()
                .toolCalls()
                .orElseThrow()
                .getFirst()
                .asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).startsWith("{");
        StringBuilder arguments = new StringBuilder();
        String[] name = {null};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat()
                .completions()
                .createStreaming(params("fast").addFunctionTool(weather).build())) {
            stream.stream()
                    .forEach(chunk -> chunk.choices()
                            .forEach(c -> c.delta()
                                    .toolCalls()
                                    .ifPresent(calls ->
                                            calls.forEach(t -> t.function().ifPresent(f -> {
                                                f.name().ifPresent(n -> name[0] = n);
                                                f.arguments().ifPresent(arguments::append);
                                            })))));
        }
        assertThat(name[0]).isEqualTo("get_weather");
        assertThat(arguments.toString()).startsWith("{").endsWith("}");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse response = sdk(server.client().adminKey())
                .embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("fast")
                        .inputOfArrayOfStrings(List.of("one", "two"))
                        .build());
        assertThat(response.data()).hasSize(2);
        assertThat(response.data().getFirst().embedding()).isNotEmpty();
    }

    @Test
    void errorsArriveAsTheSdksOwnExceptions() {
        assertThatThrownBy(() -> sdk("hx_not_a_real_key_at_all_000000000000")
                        .chat()
                        .completions()
                        .create(params("fast").build()))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> sdk(server.client().adminKey())
                        .chat()
                        .completions()
                        .create(params("gpt-9").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.code()).contains("model_not_found");
                    assertThat(e.param()).contains("model");
                    assertThat(e.getMessage()).contains("available models");
                });
        MOCKS.secondary.alwaysFail(Fault.status(503));
        try {
            assertThatThrownBy(() -> sdk(server.client().adminKey())
                            .chat()
                            .completions()
                            .create(params("breakable").build()))
                    .isInstanceOfSatisfying(
                            OpenAIServiceException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(502));
        } finally {
            MOCKS.secondary.clearFaults();
        }
    }
}
