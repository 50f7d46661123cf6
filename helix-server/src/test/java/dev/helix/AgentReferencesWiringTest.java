package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.agents.AgentReferences;
import dev.helix.gateway.config.GatewayConfigParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What agents may name, as the running server checks it: a router is a model an agent may use. */
class AgentReferencesWiringTest {
    @Test
    void anAgentMayNameTheGatewaysModelsAndRouters() {
        String yaml = """
                gateway:
                  providers:
                    - {id: p, kind: openai, baseUrl: 'http://127.0.0.1:9', healthCheck: false}
                  models:
                    - {name: cheap, deployments: [{provider: p, model: c}]}
                    - {name: premium, deployments: [{provider: p, model: x}]}
                  routers:
                    - {name: auto, tiers: {simple: cheap, complex: premium}}
                """;
        AgentReferences references = HelixWiring.agentReferences(
                List.of(), GatewayConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "helix.yaml", Map.of()));
        assertThat(references.models()).containsExactlyInAnyOrder("cheap", "premium", "auto");
    }
}
