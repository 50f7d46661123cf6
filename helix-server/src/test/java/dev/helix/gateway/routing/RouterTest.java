package dev.helix.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.gateway.config.DeploymentConfig;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.gateway.config.ModelConfig;
import dev.helix.gateway.config.RetryCondition;
import dev.helix.gateway.config.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
    private static DeploymentConfig d(
            String provider, double input, double output, int weight, boolean tools, long context) {
        return new DeploymentConfig(
                provider, "m", new DeploymentConfig.Price(input, output, input), weight, context, tools, true, true);
    }

    private static final DeploymentConfig DEAR = d("dear", 2.5, 10, 1, true, 0);
    private static final DeploymentConfig CHEAP = d("cheap", 0.15, 0.6, 3, true, 0);
    private static final DeploymentConfig NO_TOOLS = d("notools", 0.01, 0.02, 0, false, 8000);

    private static ModelConfig model(Strategy strategy) {
        return new ModelConfig("fast", strategy, List.of(DEAR, CHEAP, NO_TOOLS), List.of());
    }

    private static List<String> providers(List<DeploymentConfig> list) {
        return list.stream().map(DeploymentConfig::provider).toList();
    }

    private final Router router = new Router(System::nanoTime);

    @Test
    void costPutsTheCheapestCapableDeploymentFirst() {
        assertThat(providers(router.order(model(Strategy.COST), RequestNeeds.NONE)))
                .containsExactly("notools", "cheap", "dear");
        assertThat(providers(router.order(model(Strategy.COST), new RequestNeeds(true, false, false, 10))))
                .containsExactly("cheap", "dear");
    }

    @Test
    void theContextWindowLeavesOutDeploymentsTooSmall() {
        assertThat(providers(router.order(model(Strategy.COST), new RequestNeeds(false, false, false, 9000))))
                .containsExactly("cheap", "dear");
    }

    @Test
    void whyNoneCapableNamesWhatIsMissing() {
        ModelConfig onlyNoTools = new ModelConfig("tiny", Strategy.COST, List.of(NO_TOOLS), List.of());
        assertThat(Router.whyNoneCapable(onlyNoTools, new RequestNeeds(true, false, false, 10)))
                .isEqualTo("no deployment of model 'tiny' supports tools");
        assertThat(Router.whyNoneCapable(onlyNoTools, new RequestNeeds(false, false, false, 9000)))
                .contains("9000 tokens");
        assertThat(Router.whyNoneCapable(onlyNoTools, RequestNeeds.NONE)).isNull();
    }

    @Test
    void orderedKeepsTheWrittenOrder() {
        assertThat(providers(router.order(model(Strategy.ORDERED), RequestNeeds.NONE)))
                .containsExactly("dear", "cheap", "notools");
    }

    @Test
    void weightedPicksInProportionAndNeverStartsWithWeightZero() {
        int cheapFirst = 0;
        for (int i = 0; i < 4000; i++) {
            List<String> order = providers(router.order(model(Strategy.WEIGHTED), RequestNeeds.NONE));
            assertThat(order).hasSize(3).doesNotHaveDuplicates();
            assertThat(order.getFirst()).isNotEqualTo("notools");
            cheapFirst += order.getFirst().equals("cheap") ? 1 : 0;
        }
        assertThat(cheapFirst / 4000.0).isBetween(0.70, 0.80);
    }

    @Test
    void latencyPrefersTheFastestAndTriesUnmeasuredOnesEarly() {
        router.state(DEAR).succeeded(5_000_000);
        router.state(CHEAP).succeeded(50_000_000);
        assertThat(providers(router.order(model(Strategy.LATENCY), RequestNeeds.NONE)))
                .containsExactly("notools", "dear", "cheap");
        router.state(NO_TOOLS).succeeded(90_000_000);
        assertThat(providers(router.order(model(Strategy.LATENCY), RequestNeeds.NONE)))
                .containsExactly("dear", "cheap", "notools");
    }

    @Test
    void deploymentsOfUnhealthyProvidersGoLast() {
        router.providerHealth("notools", false);
        assertThat(providers(router.order(model(Strategy.COST), RequestNeeds.NONE)))
                .containsExactly("cheap", "dear", "notools");
        router.providerHealth("notools", true);
        assertThat(providers(router.order(model(Strategy.COST), RequestNeeds.NONE))
                        .getFirst())
                .isEqualTo("notools");
    }

    @Test
    void aBreakerOpensAfterFailuresAndACooldownKeepsTheDeploymentOut() {
        GatewayConfig config = new GatewayConfig(
                Map.of(),
                List.of(model(Strategy.COST)),
                new GatewayConfig.RetrySettings(
                        3,
                        java.time.Duration.ofMillis(1),
                        java.time.Duration.ofSeconds(1),
                        java.util.Set.of(RetryCondition.Failure.SERVER_ERROR),
                        new GatewayConfig.BreakerSettings(50, 2, 2, java.time.Duration.ofHours(1)),
                        java.time.Duration.ofSeconds(30)),
                GatewayConfig.CacheSettings.DEFAULTS);
        router.configure(config);
        DeploymentState dear = router.state(DEAR);
        assertThat(dear.tryAcquire()).isTrue();
        dear.failed(1000, new RuntimeException("503"));
        assertThat(dear.tryAcquire()).isTrue();
        dear.failed(1000, new RuntimeException("503"));
        assertThat(dear.tryAcquire()).isFalse();
        assertThat(dear.unavailable()).isTrue();
        DeploymentState cheap = router.state(CHEAP);
        cheap.coolDown(java.time.Duration.ofHours(1));
        assertThat(cheap.tryAcquire()).isFalse();
        assertThat(cheap.coolingDown()).isTrue();
    }
}
