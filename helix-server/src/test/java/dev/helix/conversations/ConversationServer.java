package dev.helix.conversations;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import dev.helix.testkit.MockLlmServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole Helix whose gateway points at a mock provider, so that agents answer through the real gateway: the models
 * {@code smart} (the chat model of the default agents coder and coordinator) and {@code fast} (their summarising
 * model, and the chat model of critic and researcher). The mock is reset before each test.
 */
final class ConversationServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    /** The mock provider, started with the server (a class and its subclass may start and stop it in turn). */
    MockLlmServer llm;
    /** The provider of the {@code fast} model, when it is not {@link #llm}: one that fails every call. */
    private MockLlmServer broken;

    private final HelixServerExtension helix;
    private final MockLlmServer.Options options;
    private final String smartExtra;
    private final boolean fastFails;
    private Path dir;

    ConversationServer() {
        this(MockLlmServer.Options.defaults(), "", UnaryOperator.identity(), false, false);
    }

    /**
     * A server whose mock plays {@code options}, whose {@code smart} model has {@code smartExtra} added to its YAML
     * (e.g. {@code contextWindow: 300}), whose configuration {@code change} adjusts, on PostgreSQL or SQLite; with
     * {@code fastFails}, the {@code fast} model (which summarises for coder) fails every call with a 400.
     */
    ConversationServer(
            MockLlmServer.Options options,
            String smartExtra,
            UnaryOperator<HelixConfig> change,
            boolean postgres,
            boolean fastFails) {
        this.options = options;
        this.smartExtra = smartExtra;
        this.fastFails = fastFails;
        HelixServerExtension server = new HelixServerExtension().config(c -> change.apply(withFile(c)));
        helix = postgres ? server.onPostgres() : server;
    }

    /**
     * A {@code helix.yaml} whose gateway has the providers {@code mock} at {@code mockUrl} and {@code broken} at
     * {@code brokenUrl}, the models {@code smart} (on mock, with {@code smartExtra}) and {@code fast} (on
     * {@code fastProvider}), and besides the default agents {@code steady}, on {@code smart} at temperature 0.
     */
    static String yaml(String mockUrl, String brokenUrl, String smartExtra, String fastProvider) {
        return """
                gateway:
                  retry: {attempts: 1, backoff: 10ms, maxBackoff: 100ms}
                  providers:
                    - id: mock
                      kind: openai
                      baseUrl: %s
                      apiKey: sk-test
                      healthCheck: false
                      timeouts: {connect: 1s, firstByte: 3s, idle: 3s, total: 60s}
                    - id: broken
                      kind: openai
                      baseUrl: %s
                      apiKey: sk-test
                      healthCheck: false
                  models:
                    - name: smart
                      deployments: [{provider: mock, model: smart-1, pricePerMillion: {input: 1, output: 2}}]
                      %s
                    - name: fast
                      deployments: [{provider: %s, model: fast-1, pricePerMillion: {input: 0.1, output: 0.2}}]
                agents:
                  - {id: steady, name: Steady, model: smart, temperature: 0}
                """.formatted(mockUrl, brokenUrl, smartExtra, fastProvider);
    }

    private HelixConfig withFile(HelixConfig test) {
        HelixConfig fromFile = ConfigLoader.builder()
                .file(dir.resolve("helix.yaml"))
                .env(Map.of())
                .load()
                .config();
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(test.storage())
                .build();
    }

    HelixClient client() {
        return helix.client();
    }

    HelixServerExtension helix() {
        return helix;
    }

    /** Restarts Helix on the same data; take {@link #client()} again. */
    void restart() {
        helix.restart();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        llm = MockLlmServer.start(options);
        broken = MockLlmServer.start();
        broken.alwaysFail(dev.helix.testkit.Fault.status(400));
        try {
            dir = Files.createTempDirectory("helix-conversations");
            Files.writeString(
                    dir.resolve("helix.yaml"),
                    yaml(llm.baseUrl(), broken.baseUrl(), smartExtra, fastFails ? "broken" : "mock"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        helix.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        llm.reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            helix.afterAll(context);
        } finally {
            llm.close();
            broken.close();
            dev.helix.internal.Folders.deleteTree(dir);
        }
    }
}
