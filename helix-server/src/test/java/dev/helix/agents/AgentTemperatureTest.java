package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.internal.Folders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent's sampling temperature: read from {@code temperature:}, bounded to 0..2, shown by the API. */
class AgentTemperatureTest {
    private Path folder;

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createTempDirectory("helix-agent-temperature");
    }

    @AfterEach
    void tearDown() throws IOException {
        Folders.deleteTree(folder);
    }

    @Test
    void aTemperatureIsReadAsANumberAndLeftOutItIsNull() throws IOException {
        assertThat(load("id: a\nname: A\ntemperature: 0\n").temperature()).isEqualTo(0.0);
        assertThat(load("id: a\nname: A\ntemperature: 0.7\n").temperature()).isEqualTo(0.7);
        assertThat(load("id: a\nname: A\ntemperature: 2\n").temperature()).isEqualTo(2.0);
        assertThat(load("id: a\nname: A\n").temperature()).isNull();
        assertThat(load("id: a\nname: A\ntemperature: ~\n").temperature()).isNull();
    }

    @Test
    void aTemperatureOutOfRangeOrNotANumberNamesTheFieldAndLine() throws IOException {
        for (String bad : new String[] {"-0.1", "2.5", "hot", "1d", "NaN", "Infinity", "0x1p1"}) {
            assertRejected(
                    "id: a\nname: A\ntemperature: " + bad + "\n",
                    ":3 temperature: '" + bad + "' must be a number from 0 to 2");
        }
        assertRejected("id: a\nname: A\ntemperature: [0]\n", ":3 temperature: expected a text value");
    }

    @Test
    void theApiShowsTheTemperatureOrNull() throws IOException {
        String cool = new String(AgentJson.agent(load("id: a\nname: A\ntemperature: 0.25\n")), StandardCharsets.UTF_8);
        assertThat(cool).contains("\"models\":{},\"temperature\":0.25,\"commands\":[]");
        String plain = new String(AgentJson.agent(load("id: a\nname: A\n")), StandardCharsets.UTF_8);
        assertThat(plain).contains("\"temperature\":null");
    }

    private Agent load(String yaml) throws IOException {
        Files.writeString(folder.resolve("agent.yaml"), yaml);
        return new AgentSources(folder, Optional.empty()).load().getFirst();
    }

    private void assertRejected(String yaml, String message) throws IOException {
        Path file = Files.writeString(folder.resolve("agent.yaml"), yaml);
        assertThatThrownBy(() -> new AgentSources(folder, Optional.empty()).load())
                .isInstanceOf(AgentDefinitionException.class)
                .hasMessageStartingWith(file + message);
    }
}
