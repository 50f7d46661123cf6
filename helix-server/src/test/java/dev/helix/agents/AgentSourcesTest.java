package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.internal.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AgentSourcesTest {
    private Path dir;
    private Path folder;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("helix-agents");
        folder = Files.createDirectory(dir.resolve("agents"));
    }

    @AfterEach
    void tearDown() throws IOException {
        Folders.deleteTree(dir);
    }

    @Test
    void readsEveryFieldWithDefaultsForTheOptionalOnes() throws IOException {
        write("full.yaml", """
                id: full
                name: Full Agent
                description: does everything
                persona: |
                  You are thorough.
                model: openai/gpt-4o-mini
                commands: [status, agents]
                tags: [a, b]
                """);
        write("min.yml", "id: min\nname: Minimal\n");
        List<Agent> agents = folderOnly().load();
        assertThat(agents)
                .containsExactly(
                        new Agent(
                                "full",
                                "Full Agent",
                                "does everything",
                                "You are thorough.",
                                "openai/gpt-4o-mini",
                                List.of("status", "agents"),
                                List.of("a", "b")),
                        new Agent("min", "Minimal", "", "", "default", List.of(), List.of()));
        assertThat(agents.get(0).mayRun("status")).isTrue();
        assertThat(agents.get(0).mayRun("state")).isFalse();
        assertThat(new Agent("x", "X", null, null, null, List.of("*"), null).mayRun("anything"))
                .isTrue();
    }

    @Test
    void ignoresOtherFilesHiddenFilesAndEmptyFiles() throws IOException {
        write("a.yaml", "id: a\nname: A\n");
        write("notes.txt", "not an agent");
        write(".a.yaml.swp", "garbage");
        write(".#b.yaml", "garbage: [");
        write("empty.yaml", "");
        write("comment.yaml", "# nothing yet\n");
        assertThat(folderOnly().load()).extracting(Agent::id).containsExactly("a");
    }

    @Test
    void aMissingFolderDefinesNothing() throws IOException {
        Folders.deleteTree(folder);
        assertThat(folderOnly().load()).isEmpty();
    }

    @Test
    void badYamlNamesFileAndLine() throws IOException {
        Path f = write("bad.yaml", "id: bad\nname: Bad\ntags: [a, b\n");
        assertRejected(f + ":4: invalid YAML: expected ',' or ']', but got <stream end> (while parsing a flow "
                + "sequence started on line 3)");
        write("bad.yaml", "id: bad\nname: Bad\n  description: indented\n");
        assertRejected(f + ":3: invalid YAML: mapping values are not allowed here");
    }

    @Test
    void unknownFieldNamesFileLineAndField() throws IOException {
        Path f = write("coder.yaml", "id: coder\nname: Coder\ncolour: blue\n");
        assertRejected(f + ":3 colour: unknown field; an agent has id, name, description, persona, model, "
                + "models, temperature, commands, tags");
    }

    @Test
    void wrongTypesNameTheField() throws IOException {
        Path f = write("coder.yaml", "id: coder\nname: Coder\n\ncommands: status\n");
        assertRejected(f + ":4 commands: expected a list of text values");
        write("coder.yaml", "id: coder\nname: [a, b]\n");
        assertRejected(f + ":2 name: expected a text value");
        write("coder.yaml", "id: coder\nname: Coder\ntags:\n  - ok\n  - [nested]\n");
        assertRejected(f + ":5 tags[1]: expected a text value");
        write("coder.yaml", "- id: coder\n");
        assertRejected(f + ":1: expected an agent");
    }

    @Test
    void missingAndInvalidValuesNameTheField() throws IOException {
        Path f = write("coder.yaml", "# a comment\nname: Coder\n");
        assertRejected(f + ":2 id: is required");
        write("coder.yaml", "id: Coder One\nname: Coder\n");
        assertRejected(f + ":1 id: 'Coder One' is not a valid id");
        write("coder.yaml", "id: coder\nname: '  '\n");
        assertRejected(f + ":2 name: is required");
        write("coder.yaml", "id: coder\nname: Coder\ncommands: [status, two words]\n");
        assertRejected(f + ":3 commands: entry 2 ('two words') must be one word");
        write("coder.yaml", "id: coder\nname: Coder\nname: Again\n");
        assertRejected(f + ":3 name: appears twice (first on line 2)");
        write("coder.yaml", "id: coder\nname: Coder\npersona: " + "x".repeat(AgentSpec.MAX_PERSONA_BYTES + 1) + "\n");
        assertRejected(f + ":3 persona: is 32769 bytes long");
    }

    @Test
    void duplicateIdsNameBothFiles() throws IOException {
        Path first = write("a.yaml", "id: same\nname: A\n");
        Path second = write("b.yaml", "name: B\nid: same\n");
        assertRejected(second + ":2 id: agent id 'same' is already defined at " + first + ":1");
    }

    @Test
    void boundsFileSizeAndCount() throws IOException {
        Path big = write("big.yaml", "id: big\nname: Big\ndescription: " + "x".repeat(300 * 1024) + "\n");
        assertRejected(big + ": the file is");
        Files.delete(big);
        for (int i = 0; i <= AgentSources.MAX_AGENTS; i++) {
            write("a" + i + ".yaml", "id: a" + i + "\nname: A\n");
        }
        assertRejected(folder + ": more than 1000 agents are defined");
    }

    @Test
    void readsTheAgentsSectionOfTheConfigFile() throws IOException {
        Path config = dir.resolve("helix.yaml");
        Files.writeString(config, """
                server:
                  port: 8080
                agents:
                  - id: helper
                    name: Helper
                    tags: [config]
                  - id: other
                    name: Other
                logging:
                  level: info
                """);
        write("folder.yaml", "id: folder\nname: From the folder\n");
        AgentSources sources = new AgentSources(folder, Optional.of(config));
        assertThat(sources.load()).extracting(Agent::id).containsExactly("folder", "helper", "other");

        Files.writeString(config, "agents:\n  - id: helper\n    name: Helper\n  - id: folder\n    name: Again\n");
        assertThatThrownBy(sources::load)
                .hasMessage(folder.resolve("folder.yaml") + ":1 id: agent id 'folder' is " + "already defined at "
                        + config + ":4");
        Files.writeString(config, "agents:\n  - id: helper\n    name: Helper\n  - id: x\n    nmae: X\n");
        assertThatThrownBy(sources::load).hasMessageStartingWith(config + ":5 agents[1].nmae: unknown field");
        Files.writeString(config, "agents:\n  id: helper\n");
        assertThatThrownBy(sources::load).hasMessageStartingWith(config + ":2 agents: expected a list");
        Files.writeString(config, "server:\n  port: 8080\n");
        assertThat(sources.load()).extracting(Agent::id).containsExactly("folder");
    }

    private AgentSources folderOnly() {
        return new AgentSources(folder, Optional.empty());
    }

    private void assertRejected(String messageStart) {
        assertThatThrownBy(folderOnly()::load)
                .isInstanceOf(AgentDefinitionException.class)
                .hasMessageStartingWith(messageStart);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(folder.resolve(name), text);
    }
}
