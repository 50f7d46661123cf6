package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentJsonTest {
    private final Agent plain = new Agent("a", "A", null, null, null, null, null);
    private final Agent rich = new Agent(
            "b",
            "Bé \"quoted\"",
            "line\nbreak",
            "tab\tand ✓ and \u0001",
            "gpt",
            Map.of("summarise", "cheap", "chat", "fast"),
            List.of("*"),
            List.of("x", "y"));

    @Test
    void writesWhatTheMapperWrites() throws Exception {
        for (Agent a : List.of(plain, rich)) {
            assertThat(new String(AgentJson.agent(a), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.bytes(a), StandardCharsets.UTF_8));
        }
        assertThat(Json.mapper().readTree(AgentJson.list(List.of(plain, rich))))
                .isEqualTo(Json.mapper().valueToTree(Map.of("data", List.of(plain, rich))));
        assertThat(new String(AgentJson.list(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("{\"data\":[]}");
    }
}
