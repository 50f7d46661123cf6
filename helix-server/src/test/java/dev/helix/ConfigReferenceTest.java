package dev.helix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.auth.KeySecrets;
import dev.helix.commands.CommandSpec;
import dev.helix.config.ConfigLoader;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.testing.HelixServerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code helix.reference.yaml} documents the sections features read themselves, at their defaults. */
class ConfigReferenceTest {
    @TempDir
    Path dir;

    private static final Path REFERENCE = DocsExamplesTest.ROOT.resolve("helix.reference.yaml");
    /** Every field the gateway section takes, at every level. */
    private static final List<String> GATEWAY_FIELDS = List.of(
            "gateway:",
            "providers:",
            "id:",
            "kind:",
            "baseUrl:",
            "apiKey:",
            "headers:",
            "timeouts:",
            "connect:",
            "firstByte:",
            "idle:",
            "total:",
            "healthCheck:",
            "models:",
            "name:",
            "strategy:",
            "deployments:",
            "provider:",
            "model:",
            "pricePerMillion:",
            "input",
            "output",
            "cachedInput",
            "weight:",
            "contextWindow:",
            "tools:",
            "vision:",
            "jsonMode:",
            "fallbacks:",
            "retry:",
            "attempts:",
            "backoff:",
            "maxBackoff:",
            "on:",
            "breaker:",
            "failureRate:",
            "minimumCalls:",
            "window:",
            "openFor:",
            "cache:",
            "enabled:",
            "ttl:",
            "maxEntries:",
            "interval:");

    @Test
    void everyGatewayAndAgentFieldIsDocumented() {
        String gateway = section(ConfigReference.text(), "gateway:", "\nagents:");
        assertThat(GATEWAY_FIELDS).allSatisfy(field -> assertThat(gateway).contains(field));
        String agents = section(ConfigReference.text(), "\n# Agents defined here", null);
        assertThat(List.of("id:", "name:", "description:", "persona:", "model:", "commands:", "tags:", "agents: []"))
                .allSatisfy(field -> assertThat(agents).contains(field));
    }

    @Test
    void theReferenceLoadsAsTheDefaultsOfEverySection() {
        ConfigCheck check = ConfigCheck.of(
                ConfigLoader.builder().file(REFERENCE).env(Map.of()).load(), Map.of());
        assertThat(check.gateway()).isEqualTo(GatewayConfig.EMPTY);
    }

    @Test
    void theCommandNamesAgentsAreCheckedAgainstAreTheOnesARunningHelixHas() {
        try (Helix helix = Helix.create(HelixServerExtension.testConfig(dir, KeySecrets.generate()))
                .start()) {
            assertThat(helix.commands().specs().stream().map(CommandSpec::name).collect(Collectors.toSet()))
                    .isEqualTo(ConfigCheck.commandNames());
        }
    }

    private static String section(String text, String from, String to) {
        int start = text.indexOf("\n" + from.strip());
        return to == null ? text.substring(start) : text.substring(start, text.indexOf(to, start + 1));
    }
}
