package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.internal.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An agent's model per task: read from {@code models:}, checked where it is written, and used by task. */
class AgentModelsTest {
    private Path folder;

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createTempDirectory("helix-agent-models");
    }

    @AfterEach
    void tearDown() throws IOException {
        Folders.deleteTree(folder);
    }

    @Test
    void aTaskUsesItsOwnModelAndEveryOtherTaskTheDefault() throws IOException {
        Agent agent = load("""
                id: writer
                name: Writer
                model: claude-sonnet
                models: {chat: deepseek-chat, summarise: gemini-flash, synthesise: gemini-flash}
                """);
        assertThat(agent.models())
                .containsExactly(
                        Map.entry("chat", "deepseek-chat"),
                        Map.entry("summarise", "gemini-flash"),
                        Map.entry("synthesise", "gemini-flash"));
        assertThat(agent.modelFor(Agent.CHAT)).isEqualTo("deepseek-chat");
        assertThat(agent.modelFor(Agent.SUMMARISE)).isEqualTo("gemini-flash");
        assertThat(agent.modelFor(Agent.EMBED)).isEqualTo("claude-sonnet");
        assertThat(agent.modelFor("anything-else")).isEqualTo("claude-sonnet");
    }

    @Test
    void withoutModelsEveryTaskUsesTheModelOrTheDefaultOne() throws IOException {
        assertThat(load("id: a\nname: A\nmodel: fast\n").modelFor(Agent.CHAT)).isEqualTo("fast");
        Agent plain = load("id: a\nname: A\nmodels: ~\n");
        assertThat(plain.models()).isEmpty();
        assertThat(plain.modelFor(Agent.SYNTHESISE)).isEqualTo(AgentSpec.DEFAULT_MODEL);
        assertThat(load("id: a\nname: A\nmodels: {embed: vectors}\n").modelFor(Agent.CHAT))
                .isEqualTo(AgentSpec.DEFAULT_MODEL);
    }

    @Test
    void theBlockFormReadsTheSameAndTheMapIsSortedByTask() throws IOException {
        Agent agent = load("id: a\nname: A\nmodels:\n  summarise: fast\n  chat: smart\n");
        assertThat(agent.models().keySet()).containsExactly("chat", "summarise");
        assertThat(agent).isEqualTo(load("id: a\nname: A\nmodels: {chat: smart, summarise: fast}\n"));
    }

    @Test
    void badEntriesNameTheFieldAndLine() throws IOException {
        assertRejected("id: a\nname: A\nmodels: [fast]\n", ":3 models: expected a mapping of names to text values");
        assertRejected("id: a\nname: A\nmodels: fast\n", ":3 models: expected a mapping");
        assertRejected(
                "id: a\nname: A\nmodels:\n  chat: fast\n  Chat: smart\n",
                ":5 models.Chat: 'Chat' is not a "
                        + "task name: use 1 to 32 lower-case letters, digits, '-' and '_', starting with a letter");
        assertRejected(
                "id: a\nname: A\nmodels:\n  chat: fast\n  chat: smart\n",
                ":5 models.chat: appears twice (first on line 4)");
        assertRejected("id: a\nname: A\nmodels:\n  chat: two words\n", ":4 models.chat: 'two words' must be one word");
        assertRejected("id: a\nname: A\nmodels:\n  chat: [fast]\n", ":4 models.chat: expected a text value");
        assertRejected("id: a\nname: A\nmodels:\n  chat:\n", ":4 models.chat: is empty; name a gateway model");
        String longTask = "t".repeat(33);
        assertRejected("id: a\nname: A\nmodels: {" + longTask + ": fast}\n", ":3 models." + longTask + ": ");
        String many = IntStream.range(0, 33).mapToObj(i -> "t" + i + ": fast").collect(Collectors.joining(", "));
        assertRejected("id: a\nname: A\nmodels: {" + many + "}\n", ":3 models: has 33 entries; at most 32");
    }

    @Test
    void inHelixYamlTheFieldIsNamedWithItsAgent() throws IOException {
        Path config = folder.resolve("helix.yaml");
        Files.writeString(config, "agents:\n  - id: a\n    name: A\n    models: {Chat: fast}\n");
        assertThatThrownBy(() -> new AgentSources(folder.resolve("none"), Optional.of(config)).load())
                .hasMessageStartingWith(config + ":4 agents[0].models.Chat: 'Chat' is not a task name");
    }

    @Test
    void unknownModelsAndTasksAreWarningsNamingTheFieldAndTheClosestName() throws IOException {
        Files.writeString(
                folder.resolve("a.yaml"),
                "id: a\nname: A\nmodel: fast\nmodels:\n  chat: fats\n" + "  sumarise: fast\n  later: smart\n");
        List<AgentYaml.Definition> definitions = new AgentSources(folder, Optional.empty()).definitions();
        List<String> warnings = new AgentReferences(Set.of(), Set.of("fast", "smart")).warnings(definitions);
        String file = folder.resolve("a.yaml").toString();
        assertThat(warnings)
                .containsExactly(
                        file + ":5 models.chat: 'fats' is not a model of the gateway; did you mean 'fast'? Models: "
                                + "fast, smart (it is used once the gateway has it)",
                        file + ":7 models.later: 'later' is not a task Helix asks an agent's model for; Tasks: chat, "
                                + "embed, summarise, synthesise (it is kept for later use)",
                        file + ":6 models.sumarise: 'sumarise' is not a task Helix asks an agent's model for; did "
                                + "you mean 'summarise'? Tasks: chat, embed, summarise, synthesise (it is kept for "
                                + "later use)");
        assertThat(new AgentReferences(Set.of(), Set.of()).warnings(definitions).getFirst())
                .isEqualTo("the agents use models fast, fats, smart, but the gateway has no models yet: define them "
                        + "in the gateway: section of helix.yaml");
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
