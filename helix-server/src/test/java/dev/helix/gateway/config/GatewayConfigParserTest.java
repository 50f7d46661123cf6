package dev.helix.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigParserTest {
    private static final String ISSUE_SHAPE = """
            gateway:
              providers:
                - id: openai
                  kind: openai            # openai | anthropic | gemini
                  baseUrl: https://api.openai.com/v1
                  apiKey: ${OPENAI_API_KEY}
              models:
                - name: fast              # the model name clients send
                  strategy: cost          # cost | weighted | latency | ordered
                  deployments:
                    - provider: openai
                      model: gpt-4o-mini
                      pricePerMillion: {input: 0.15, output: 0.60, cachedInput: 0.075}
                  fallbacks: [smart]      # other model names to try when every deployment fails
                - name: smart
                  deployments:
                    - provider: openai
                      model: gpt-4o
            """;

    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-test");

    private static GatewayConfig parse(String yaml, Map<String, String> env) {
        return GatewayConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "helix.yaml", env);
    }

    @Test
    void readsTheDocumentedShapeWithTheKeyFromTheEnvironment() {
        GatewayConfig config = parse(ISSUE_SHAPE, Map.of("OPENAI_API_KEY", "sk-test"));
        ProviderConfig openai = config.providers().get("openai");
        assertThat(openai.kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(openai.apiKey()).isEqualTo("sk-test");
        assertThat(openai.baseUrl().toString()).isEqualTo("https://api.openai.com/v1");
        assertThat(openai.toString()).doesNotContain("sk-test");
        ModelConfig fast = config.model("fast").orElseThrow();
        assertThat(fast.strategy()).isEqualTo(Strategy.COST);
        assertThat(fast.fallbacks()).containsExactly("smart");
        assertThat(fast.deployments().getFirst().price()).isEqualTo(new DeploymentConfig.Price(0.15, 0.60, 0.075));
        assertThat(fast.deployments().getFirst().id()).isEqualTo("openai/gpt-4o-mini");
        assertThat(config.modelNames()).containsExactly("fast", "smart");
        assertThat(config.retry()).isEqualTo(GatewayConfig.RetrySettings.DEFAULTS);
    }

    @Test
    void noSectionMeansNoModels() {
        assertThat(parse("server:\n  port: 8080\n", Map.of())).isEqualTo(GatewayConfig.EMPTY);
        assertThat(parse("", Map.of())).isEqualTo(GatewayConfig.EMPTY);
    }

    @Test
    void readsTimeoutsRetryBreakerAndCache() {
        GatewayConfig config = parse("""
                gateway:
                  retry: {attempts: 5, backoff: 50ms, maxBackoff: 1s, on: [connect, 503]}
                  breaker: {failureRate: 30, minimumCalls: 2, window: 10, openFor: 5s}
                  cache: {ttl: 1m, maxEntries: 50}
                  providers:
                    - id: claude
                      kind: anthropic
                      apiKey: ${KEY:-none}
                      timeouts: {connect: 1s, firstByte: 2s, idle: 3s, total: 4s}
                      healthCheck: false
                  models:
                    - name: m
                      strategy: weighted
                      deployments: [{provider: claude, model: claude-haiku, weight: 3, tools: false}]
                """, Map.of());
        ProviderConfig claude = config.providers().get("claude");
        assertThat(claude.baseUrl().toString()).isEqualTo("https://api.anthropic.com/v1");
        assertThat(claude.apiKey()).isEqualTo("none");
        assertThat(claude.timeouts())
                .isEqualTo(new ProviderConfig.Timeouts(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4)));
        assertThat(claude.healthCheck()).isFalse();
        assertThat(config.retry().attempts()).isEqualTo(5);
        assertThat(config.retry().retryOn())
                .containsExactlyInAnyOrder(RetryCondition.Failure.CONNECT, new RetryCondition.Status(503));
        assertThat(config.retry().breaker())
                .isEqualTo(new GatewayConfig.BreakerSettings(30, 2, 10, Duration.ofSeconds(5)));
        assertThat(config.cache()).isEqualTo(new GatewayConfig.CacheSettings(true, Duration.ofMinutes(1), 50));
        DeploymentConfig d = config.model("m").orElseThrow().deployments().getFirst();
        assertThat(d.weight()).isEqualTo(3);
        assertThat(d.tools()).isFalse();
        assertThat(d.price()).isEqualTo(DeploymentConfig.Price.FREE);
    }

    @Test
    void namesTheFieldOfEveryMistake() {
        List.of(
                        new String[] {
                            "providers: [{id: a, kind: azure, baseUrl: 'http://x'}]", "gateway.providers[0].kind"
                        },
                        new String[] {"providers: [{id: a, kind: openai}]", "gateway.providers[0].baseUrl is required"},
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'ftp://x'}]", "gateway.providers[0].baseUrl"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x', colour: red}]",
                            "gateway.providers[0].colour is not a known field"
                        },
                        new String[] {
                            "models: [{name: m, deployments: [{provider: nope, model: x}]}]",
                            "gateway.models[0].deployments[0].provider is 'nope', which is not a provider"
                        },
                        new String[] {"models: [{name: m, deployments: []}]", "gateway.models[0].deployments must list"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x'}]\n  models: [{name: m, "
                                    + "strategy: cheapest, deployments: [{provider: a, model: x}]}]",
                            "gateway.models[0].strategy"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x'}]\n  models: [{name: m, "
                                    + "fallbacks: [other], deployments: [{provider: a, model: x}]}]",
                            "gateway.models[0].fallbacks names 'other', which is not a model"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x'}]\n  models: [{name: m, "
                                    + "deployments: [{provider: a, model: x, pricePerMillion: {input: -1}}]}]",
                            "pricePerMillion.input"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x', apiKey: '${MISSING}'}]",
                            "refers to ${MISSING}"
                        },
                        new String[] {"retry: {on: [sometimes]}", "gateway.retry.on has 'sometimes'"},
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x', headers: {'X Ref': y}}]",
                            "gateway.providers[0].headers has 'X Ref', which is not a valid header name"
                        },
                        new String[] {
                            "providers: [{id: a, kind: openai, baseUrl: 'http://x', "
                                    + "headers: {X-Ref: \"a\\r\\nHost: b\"}}]",
                            "gateway.providers[0].headers.X-Ref contains a line break"
                        })
                .forEach(c -> assertThatThrownBy(() -> parse("gateway:\n  " + c[0] + "\n", Map.of()))
                        .as(c[0])
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(c[1]));
    }

    @Test
    void routersNameAModelPerTierAndEveryMistakeIsNamed() {
        String models = ISSUE_SHAPE.substring("gateway:\n".length());
        GatewayConfig config =
                parse(ISSUE_SHAPE + "  routers:\n    - name: auto\n      tiers: {simple: fast, complex: smart}\n", ENV);
        RouterConfig auto = config.router("auto").orElseThrow();
        assertThat(auto.modelFor(Tier.SIMPLE)).isEqualTo("fast");
        assertThat(auto.modelFor(Tier.MEDIUM)).as("the nearest tier above").isEqualTo("smart");
        assertThat(auto.modelFor(Tier.REASONING)).as("the nearest tier below").isEqualTo("smart");
        assertThat(config.modelNames()).containsExactly("fast", "smart", "auto");
        assertThat(config.model("auto")).as("a router is not a model").isEmpty();
        assertThat(GatewayConfigRenderer.effective(config)).contains("routers:", "simple: fast", "complex: smart");

        List.of(
                        new String[] {
                            "{name: auto, tiers: {hard: smart}}", "gateway.routers[0].tiers.hard is not a tier"
                        },
                        new String[] {
                            "{name: auto, tiers: {simple: nope}}",
                            "gateway.routers[0].tiers.simple names 'nope', which is not a model; defined: fast, smart"
                        },
                        new String[] {"{name: auto, tiers: {}}", "gateway.routers[0].tiers must name a model"},
                        new String[] {"{name: auto}", "gateway.routers[0].tiers must name a model"},
                        new String[] {
                            "{name: fast, tiers: {simple: smart}}",
                            "gateway.routers[0].name 'fast' is already used by a model or another router"
                        },
                        new String[] {
                            "{name: a, tiers: {simple: fast}}, {name: b, tiers: {simple: a}}",
                            "gateway.routers[1].tiers.simple names 'a', which is not a model"
                        },
                        new String[] {"{name: a, tiers: {simple: fast}, colour: red}", "gateway.routers[0].colour"})
                .forEach(c -> assertThatThrownBy(
                                () -> parse("gateway:\n" + models + "  routers: [" + c[0] + "]\n", ENV))
                        .as(c[0])
                        .isInstanceOf(ConfigException.class)
                        .hasMessageContaining(c[1]));
    }

    @Test
    void aSecretNeverAppearsInAnError() {
        assertThatThrownBy(() -> parse("""
                gateway:
                  providers: [{id: a, kind: openai, baseUrl: 'http://x', apiKey: '${K}', timeouts: {connect: soon}}]
                """, Map.of("K", "sk-very-secret")))
                .hasMessageNotContaining("sk-very-secret")
                .hasMessageContaining("timeouts.connect");
        assertThatThrownBy(() -> parse("""
                gateway:
                  providers: [{id: a, kind: openai, baseUrl: 'http://x', apiKey: '${K}'}]
                """, Map.of("K", "sk-very-secret\nX-Injected: 1")))
                .hasMessageNotContaining("sk-very-secret")
                .hasMessageContaining("gateway.providers[0].apiKey contains a line break");
    }

    @Test
    void retryConditionsAreReadOnceIntoTypesThatDecideRetries() {
        GatewayConfig.RetrySettings retry = GatewayConfig.RetrySettings.DEFAULTS;
        assertThat(RetryCondition.parse("5xx")).contains(RetryCondition.Failure.SERVER_ERROR);
        assertThat(RetryCondition.parse("408")).contains(new RetryCondition.Status(408));
        assertThat(RetryCondition.parse("200")).isEmpty();
        assertThat(retry.retries(RetryCondition.Failure.CONNECT)).isTrue();
        assertThat(retry.retriesStatus(503)).isTrue();
        assertThat(retry.retriesStatus(429)).isTrue();
        assertThat(retry.retriesStatus(400)).isFalse();
        assertThat(retry.retriesStatus(302)).isFalse();
    }

    @Test
    void aModelsContextWindowIsItsOwnElseTheSmallestOfItsDeploymentsElseTheDefault() {
        GatewayConfig config = parse("""
                gateway:
                  providers: [{id: p, kind: openai, baseUrl: 'http://x'}]
                  models:
                    - name: given
                      contextWindow: 200000
                      deployments: [{provider: p, model: a, contextWindow: 128000}]
                    - name: derived
                      deployments: [{provider: p, model: a, contextWindow: 128000}, {provider: p, model: b},
                                    {provider: p, model: c, contextWindow: 32000}]
                    - name: unknown
                      deployments: [{provider: p, model: a}]
                """, Map.of());
        assertThat(config.model("given").orElseThrow().contextWindow()).isEqualTo(200_000);
        assertThat(config.model("derived").orElseThrow().contextWindow()).isEqualTo(32_000);
        assertThat(config.model("unknown").orElseThrow().contextWindow()).isEqualTo(ModelConfig.DEFAULT_CONTEXT_WINDOW);
        assertThat(parse(GatewayConfigRenderer.effective(config), Map.of())).isEqualTo(config);
        assertThatThrownBy(() -> parse("""
                gateway:
                  providers: [{id: p, kind: openai, baseUrl: 'http://x'}]
                  models: [{name: m, contextWindow: lots, deployments: [{provider: p, model: a}]}]
                """, Map.of())).hasMessageContaining("gateway.models[0].contextWindow");
    }
}
