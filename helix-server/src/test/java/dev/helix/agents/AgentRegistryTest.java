package dev.helix.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.bus.Event;
import dev.helix.bus.InProcessEventBus;
import dev.helix.events.EventLog;
import dev.helix.events.NewEvent;
import dev.helix.health.HealthCheck;
import dev.helix.internal.Folders;
import dev.helix.storage.Database;
import dev.helix.testing.Await;
import dev.helix.testing.StorageEngines;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AgentRegistryTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final InProcessEventBus bus = new InProcessEventBus();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private Path folder;
    private Path dataDir;
    private Database database;
    private AgentRegistry registry;
    private EventLog log;

    @BeforeEach
    void setUp() throws IOException {
        folder = Files.createTempDirectory("helix-agents");
        dataDir = Files.createTempDirectory("helix-agents-data");
        database = StorageEngines.open("sqlite", dataDir);
        bus.subscribe("test", AgentRegistry.CHANGED, events::add);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        log = EventLog.publishingTo(bus, database, clock, new CompositeMeterRegistry());
        log.start();
        registry = new AgentRegistry(new AgentSources(folder, Optional.empty()), log, clock);
    }

    @AfterEach
    void tearDown() throws IOException {
        registry.close();
        bus.close();
        database.close();
        Folders.deleteTree(folder);
        Folders.deleteTree(dataDir);
    }

    @Test
    void theFirstLoadIsVersionOneAndPublishesNothing() throws Exception {
        write("b", "B");
        write("a", "A");
        registry.reload();
        assertThat(registry.version()).isEqualTo(1);
        assertThat(registry.all()).extracting(Agent::id).containsExactly("a", "b");
        assertThat(registry.find("a")).map(Agent::name).contains("A");
        assertThat(registry.find("zz")).isEmpty();
        assertThat(new String(registry.catalog().listJson())).startsWith("{\"data\":[{\"id\":\"a\",\"name\":\"A\"");
        registry.health().check();
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aChangePublishesTheDiff() throws Exception {
        write("keep", "Keep");
        write("edit", "Before");
        write("gone", "Gone");
        registry.reload();
        write("edit", "After");
        write("new", "New");
        Files.delete(folder.resolve("gone.yaml"));
        registry.reload();

        Event e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.type()).isEqualTo("agents.changed");
        assertThat(e.topic()).isEqualTo("agents");
        assertThat(e.at()).isEqualTo(NOW);
        assertThat(e.data())
                .containsEntry("added", List.of("new"))
                .containsEntry("removed", List.of("gone"))
                .containsEntry("changed", List.of("edit"))
                .containsEntry("count", 3)
                .containsEntry("version", 2L);
        assertThat(registry.version()).isEqualTo(2);
        assertThat(registry.find("edit")).map(Agent::name).contains("After");
    }

    @Test
    void anUnchangedReloadKeepsTheVersionAndPublishesNothing() throws Exception {
        write("a", "A");
        registry.reload();
        Files.writeString(folder.resolve("a.yaml"), "# same agent, other text\nname: A\nid: a\n");
        registry.reload();
        assertThat(registry.version()).isEqualTo(1);
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aRejectedReloadKeepsTheLastGoodSetUntilFixed() throws Exception {
        write("a", "A");
        registry.reload();
        Path bad = Files.writeString(folder.resolve("b.yaml"), "id: b\nname: B\nmood: grumpy\n");
        registry.reload();
        assertThat(registry.all()).extracting(Agent::id).containsExactly("a");
        assertThat(registry.version()).isEqualTo(1);
        assertThatThrownBy(registry.health()::check)
                .isInstanceOf(HealthCheck.Degraded.class)
                .hasMessageContaining(bad + ":3 mood: unknown field");

        Files.writeString(bad, "id: b\nname: B\n");
        registry.reload();
        registry.health().check();
        assertThat(registry.all()).extracting(Agent::id).containsExactly("a", "b");
        assertThat(events.poll(5, TimeUnit.SECONDS).data()).containsEntry("added", List.of("b"));
    }

    @Test
    void invalidDefinitionsAtStartMeanNoAgentsAndDegraded() throws Exception {
        write("a", "A");
        Files.writeString(folder.resolve("b.yaml"), "id: a\nname: Duplicate\n");
        registry.reload();
        assertThat(registry.all()).isEmpty();
        assertThat(registry.version()).isEqualTo(1);
        assertThatThrownBy(registry.health()::check)
                .isInstanceOf(HealthCheck.Degraded.class)
                .hasMessageContaining("b.yaml:1 id: agent id 'a' is already defined at " + folder.resolve("a.yaml"));

        Files.delete(folder.resolve("b.yaml"));
        registry.reload();
        registry.health().check();
        assertThat(events.poll(5, TimeUnit.SECONDS).data())
                .containsEntry("added", List.of("a"))
                .containsEntry("version", 2L);
    }

    @Test
    void anotherNodesChangeOfItsAgentsMakesItReadItsSourcesAgain() throws Exception {
        write("a", "A");
        registry.reload();
        registry.followOtherNodes();
        write("b", "B"); // not watched: only the other node's event can make it look

        EventLog.writerOnly(database)
                .emit(new NewEvent(
                        AgentRegistry.CHANGED, AgentRegistry.TOPIC, null, Map.of("added", List.of("b")), NOW));
        log.poll();

        assertThat(events.poll(5, TimeUnit.SECONDS).data()).containsEntry("added", List.of("b"));
        Await.until("it has read its sources again", () -> registry.find("b").isPresent());
        assertThat(registry.version()).isEqualTo(2);
    }

    @Test
    void watchingPicksUpChangesByItself() throws Exception {
        registry.reload();
        registry.watch(AgentRegistry.DEBOUNCE);
        write("w", "Watched");
        Event e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).isNotNull();
        assertThat(e.data()).containsEntry("added", List.of("w"));
        assertThat(registry.find("w")).isPresent();
    }

    private void write(String id, String name) throws IOException {
        Files.writeString(folder.resolve(id + ".yaml"), "id: " + id + "\nname: " + name + "\n");
    }
}
