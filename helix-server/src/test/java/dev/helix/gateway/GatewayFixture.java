package dev.helix.gateway;

import dev.helix.config.ConfigLoader;
import dev.helix.config.HelixConfig;
import dev.helix.testkit.MockLlmServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Mock providers on loopback and a {@code helix.yaml} whose {@code gateway:} section points at them, for tests that
 * run a whole Helix with the gateway.
 */
final class GatewayFixture implements AutoCloseable {
    final MockLlmServer primary = MockLlmServer.start();
    final MockLlmServer secondary = MockLlmServer.start();
    final Path dir;
    final Path file;

    GatewayFixture() {
        try {
            dir = Files.createTempDirectory("helix-gateway");
            file = dir.resolve("helix.yaml");
            write(standardConfig());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two OpenAI-compatible providers, an Anthropic and a Gemini one (all mocks), and models over them. */
    String standardConfig() {
        return """
                gateway:
                  retry: {attempts: 3, backoff: 10ms, maxBackoff: 200ms}
                  breaker: {failureRate: 100, minimumCalls: 8, window: 8, openFor: 1h}
                  providers:
                    - id: primary
                      kind: openai
                      baseUrl: %s
                      apiKey: ${PRIMARY_KEY:-sk-primary-secret}
                      timeouts: {connect: 1s, firstByte: 2s, idle: 1s, total: 5s}
                    - id: secondary
                      kind: openai
                      baseUrl: %s
                      apiKey: sk-secondary
                      timeouts: {connect: 1s, firstByte: 2s, idle: 1s, total: 5s}
                    - id: claude
                      kind: anthropic
                      baseUrl: %s/v1
                      apiKey: sk-ant
                    - id: google
                      kind: gemini
                      baseUrl: %s/v1beta
                      apiKey: g-key
                  models:
                    - name: fast
                      strategy: cost
                      deployments:
                        - provider: primary
                          model: cheap-1
                          pricePerMillion: {input: 0.15, output: 0.60, cachedInput: 0.075}
                        - provider: secondary
                          model: dear-1
                          pricePerMillion: {input: 2.5, output: 10}
                    - name: solo
                      deployments:
                        - provider: primary
                          model: solo-1
                          pricePerMillion: {input: 1, output: 2}
                      fallbacks: [backup]
                    - name: backup
                      deployments: [{provider: secondary, model: backup-1}]
                    - name: breakable
                      strategy: ordered
                      deployments: [{provider: secondary, model: breakable-1}]
                    - name: limited
                      strategy: ordered
                      deployments: [{provider: primary, model: limited-1}, {provider: secondary, model: limited-2}]
                    - name: cooled
                      deployments: [{provider: secondary, model: cooled-1}]
                    - name: claude
                      deployments: [{provider: claude, model: claude-test, pricePerMillion: {input: 3, output: 15}}]
                    - name: gemini
                      deployments: [{provider: google, model: gemini-test, pricePerMillion: {input: 0.1, output: 0.4}}]
                """.formatted(primary.baseUrl(), secondary.baseUrl(), primary.rootUrl(), primary.rootUrl());
    }

    void write(String yaml) {
        try {
            Path tmp = dir.resolve("helix.yaml.tmp");
            Files.writeString(tmp, yaml);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code test} with this fixture's {@code helix.yaml} as its file. */
    HelixConfig withFile(HelixConfig test) {
        HelixConfig fromFile =
                ConfigLoader.builder().file(file).env(Map.of()).load().config();
        return fromFile.toBuilder()
                .server(test.server())
                .auth(test.auth())
                .storage(test.storage())
                .build();
    }

    void resetMocks() {
        primary.reset();
        secondary.reset();
    }

    @Override
    public void close() {
        primary.close();
        secondary.close();
        try {
            dev.helix.internal.Folders.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
