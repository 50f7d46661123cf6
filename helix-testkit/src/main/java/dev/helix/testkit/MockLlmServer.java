package dev.helix.testkit;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A fake upstream LLM provider: a real HTTP server on 127.0.0.1 that speaks the OpenAI, Anthropic and Gemini APIs
 * with deterministic answers, for tests and benchmarks.
 *
 * <pre>{@code
 * try (MockLlmServer llm = MockLlmServer.start()) {
 *     // point the client at llm.baseUrl(), e.g. http://127.0.0.1:PORT/v1
 *     llm.failNext(2, Fault.status(503, Duration.ofSeconds(1)));   // then answers normally
 *     ...
 *     assertThat(llm.requestCount("/v1/chat/completions")).isEqualTo(3);
 *     assertThat(llm.lastRequest().header("authorization")).isEqualTo("Bearer sk-test");
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code POST /v1/chat/completions}, {@code POST /v1/embeddings}, {@code GET /v1/models} (OpenAI);
 * {@code POST /v1/messages} (Anthropic, needs {@code x-api-key} and {@code anthropic-version});
 * {@code POST /v1beta/models/{model}:generateContent}, {@code :streamGenerateContent?alt=sse},
 * {@code :embedContent}, {@code :batchEmbedContents} (Gemini, needs {@code x-goog-api-key}). Anything else is 404.
 *
 * <p>Answers: the reply to the last user message is {@code "mock reply to: "} + its first 40 characters; when the
 * request offers tools (and does not forbid them) the answer is a call of the first tool (or the one the request
 * names) with arguments made up from its parameter schema, except right after a tool result, which gets a text reply
 * unless a tool call is forced. Prompt tokens are the characters of the request's text divided by 4, rounded up
 * (at least 1); completion tokens are the words of the reply. Streams split the text (or the tool arguments) into
 * {@link Options#chunks()} pieces, {@link Options#chunkSpacing()} apart, flushing each.
 *
 * <p>Faults: per request with headers ({@code x-mock-status: 503}, {@code x-mock-retry-after: 2},
 * {@code x-mock-fault: html|garbage|truncated|hang|cut|empty|reset|slow}, {@code x-mock-latency-ms: 250}) or scripted
 * with {@link #failNext}, {@link #alwaysFail} and {@link #clearFaults}; see {@link Fault}. Error bodies use the
 * shape of the API the path belongs to.
 *
 * <p>It is built to stay out of latency measurements: Helidon on virtual threads with TCP_NODELAY and keep-alive,
 * fixed bodies prepared once, no logging per request.
 */
public final class MockLlmServer implements AutoCloseable {
    private static final String HOST = "127.0.0.1";

    private final WebServer server;
    private final Recorder recorder = new Recorder();
    private final Faults faults = new Faults();
    private final Hangs hangs = new Hangs();
    private volatile Options options;

    private MockLlmServer(int port, Options options) {
        this.options = Objects.requireNonNull(options, "options");
        Dispatcher dispatcher = new Dispatcher(() -> this.options, recorder, faults, new Sender(hangs));
        this.server = WebServer.builder()
                .host(HOST)
                .port(port)
                .shutdownHook(false)
                .shutdownGracePeriod(Duration.ofMillis(200))
                .connectionOptions(o -> o.tcpNoDelay(true))
                .addProtocol(Http1Config.builder().addReceiveListener(hangs).build())
                .routing(r -> route(r, dispatcher))
                .build()
                .start();
    }

    /** Starts a server with {@link Options#defaults()} on a free port. */
    public static MockLlmServer start() {
        return start(0, Options.defaults());
    }

    /** Starts a server with {@code options} on a free port. */
    public static MockLlmServer start(Options options) {
        return start(0, options);
    }

    /** Starts a server with {@code options} on {@code port} of 127.0.0.1 (0 picks a free one). */
    public static MockLlmServer start(int port, Options options) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
        }
        return new MockLlmServer(port, options);
    }

    private static void route(HttpRouting.Builder r, Dispatcher dispatcher) {
        OpenAiMock openAi = new OpenAiMock();
        AnthropicMock anthropic = new AnthropicMock();
        GeminiMock gemini = new GeminiMock();
        r.post("/v1/chat/completions", dispatcher.endpoint(Dialect.OPENAI, openAi::chat))
                .post("/v1/embeddings", dispatcher.endpoint(Dialect.OPENAI, openAi::embeddings))
                .get("/v1/models", dispatcher.endpoint(Dialect.OPENAI, openAi::models))
                .post("/v1/messages", dispatcher.endpoint(Dialect.ANTHROPIC, anthropic::messages))
                .post(GeminiMock.PREFIX + "*", dispatcher.endpoint(Dialect.GEMINI, gemini::call))
                .any(dispatcher.unknown());
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The OpenAI base URL, {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return rootUrl() + "/v1";
    }

    /**
     * The URL without a path, {@code http://127.0.0.1:PORT}: the base URL of Anthropic clients (which add
     * {@code /v1/messages}); Gemini clients use it + {@code /v1beta}.
     */
    public String rootUrl() {
        return "http://" + HOST + ":" + port();
    }

    /** The options in force. */
    public Options options() {
        return options;
    }

    /**
     * Replaces the options; requests that arrive from now on use them. A request already counted by
     * {@link #requestCount()} keeps the options it arrived with.
     */
    public void options(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** The next {@code count} requests (to any endpoint, without a fault header of their own) get {@code fault}. */
    public void failNext(int count, Fault fault) {
        faults.failNext(count, fault);
    }

    /** Every request gets {@code fault} once the scripted ones are used up, until {@link #clearFaults()}. */
    public void alwaysFail(Fault fault) {
        faults.always(fault);
    }

    /** Drops the scripted faults and the standing one. */
    public void clearFaults() {
        faults.clear();
    }

    /** How many requests arrived (every path, answered or not) since the start or {@link #reset()}. */
    public long requestCount() {
        return recorder.count();
    }

    /** How many requests arrived for {@code path} (without query), e.g. {@code /v1/chat/completions}. */
    public long requestCount(String path) {
        return recorder.count(path);
    }

    /** The last request received; {@link IllegalStateException} when there was none. */
    public RecordedRequest lastRequest() {
        return recorder.last();
    }

    /** The last 100 requests received, oldest first. */
    public List<RecordedRequest> requests() {
        return recorder.recent();
    }

    /**
     * How many client connections (distinct remote address and port) the requests counted since the last
     * {@link #reset()} came on: with connection reuse, far fewer than {@link #requestCount()}.
     */
    public int connectionCount() {
        return recorder.connections();
    }

    /**
     * How many requests are being answered right now: waiting out a latency, streaming, or hanging. A request
     * counts until its handler returns, which can be a moment after the client has the last byte. A hang ends when
     * its client closes the connection, and a stream at its next write after the client left, so this drops when a
     * client gives up on a request.
     */
    public int activeRequests() {
        return recorder.active();
    }

    /** Forgets the recorded requests and counts and drops all faults; the options stay. */
    public void reset() {
        recorder.clear();
        faults.clear();
    }

    /** Releases hanging requests and stops the server. */
    @Override
    public void close() {
        hangs.releaseAll();
        server.stop();
    }

    /**
     * How the mock behaves; all of it can be changed while it runs with {@link MockLlmServer#options(Options)}.
     *
     * @param latency             how long to wait after reading a request before answering (default 0)
     * @param chunks              into how many pieces a streamed answer's text is split (default 5)
     * @param chunkSpacing        the pause between two streamed events (default 0)
     * @param embeddingDimensions the length of embedding vectors when the request does not ask (default 8)
     */
    public record Options(
            Duration latency, int chunks, Duration chunkSpacing, int embeddingDimensions, int answerWords) {

        /** Checks the values: durations not negative, counts at least 1, answer words 0 to 10,000. */
        public Options {
            requireNotNegative("latency", latency);
            requireNotNegative("chunkSpacing", chunkSpacing);
            if (chunks < 1) {
                throw new IllegalArgumentException("chunks must be at least 1, not " + chunks);
            }
            if (embeddingDimensions < 1) {
                throw new IllegalArgumentException(
                        "embeddingDimensions must be at least 1, not " + embeddingDimensions);
            }
            if (answerWords < 0 || answerWords > 10_000) {
                throw new IllegalArgumentException("answerWords must be from 0 to 10000, not " + answerWords);
            }
        }

        /** No latency, 5 chunks back to back, 8-dimensional embeddings, text replies as short as they come. */
        public static Options defaults() {
            return new Options(Duration.ZERO, 5, Duration.ZERO, 8, 0);
        }

        /** These options with {@code latency}. */
        public Options withLatency(Duration latency) {
            return new Options(latency, chunks, chunkSpacing, embeddingDimensions, answerWords);
        }

        /** These options with {@code chunks}. */
        public Options withChunks(int chunks) {
            return new Options(latency, chunks, chunkSpacing, embeddingDimensions, answerWords);
        }

        /** These options with {@code chunkSpacing}. */
        public Options withChunkSpacing(Duration chunkSpacing) {
            return new Options(latency, chunks, chunkSpacing, embeddingDimensions, answerWords);
        }

        /** These options with {@code embeddingDimensions}. */
        public Options withEmbeddingDimensions(int embeddingDimensions) {
            return new Options(latency, chunks, chunkSpacing, embeddingDimensions, answerWords);
        }

        /**
         * These options with text replies of at least {@code answerWords} words (0: the reply as it comes), the reply
         * followed by filler words, as long as a real model's answers; tool calls and memory synthesis answers stay
         * as they are.
         */
        public Options withAnswerWords(int answerWords) {
            return new Options(latency, chunks, chunkSpacing, embeddingDimensions, answerWords);
        }

        private static void requireNotNegative(String name, Duration value) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, not " + value);
            }
        }
    }
}
