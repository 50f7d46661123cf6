package dev.helix.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.conversations.Owner;
import dev.helix.conversations.PromptContext.Extras;
import dev.helix.events.EventLog;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a prompt gets of memory within its budget, with tokens counted as words: the profile first (cut if it alone is
 * over the budget), then the most relevant memories that still fit, at most {@code memory.promptMaxItems}.
 */
@Timeout(60)
class MemoryPromptTest {
    private static final Owner ALICE = new Owner("key_app", "alice");
    private static final MemoryPrompt.Tokens WORDS = (agent, text) -> text.split("\\s+").length;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock("2026-12-01T10:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus();
    private HelixConfig.Storage storage;
    private Database db;
    private Memories memories;

    private MemoryPrompt prompt(UnaryOperator<HelixConfig.Memory.Builder> settings) {
        storage = StorageEngines.storage("sqlite", dir);
        db = StorageEngines.open("sqlite", dir);
        EventLog log = EventLog.publishingTo(bus, db, clock, new SimpleMeterRegistry());
        log.start();
        HelixConfig.Memory config =
                settings.apply(HelixConfig.defaults().memory().toBuilder()).build();
        memories = new Memories(db, config, log, clock, new SimpleMeterRegistry());
        memories.load();
        return new MemoryPrompt(memories, WORDS);
    }

    @AfterEach
    void close() {
        bus.close();
        if (memories != null) {
            memories.close();
        }
        if (db != null) {
            StorageEngines.close(db, storage);
        }
    }

    private void remember(String text) {
        memories.add(ALICE, NewMemory.of(null, MemoryKind.FACT, text), "key_app");
    }

    @Test
    void theProfileAndTheRelevantMemoriesThatFitTheBudget() {
        MemoryPrompt p = prompt(m -> m.promptTokens(20));
        memories.setProfile(ALICE, "Alice, a pastry chef", "key_app");
        remember("Alice bakes sourdough bread every morning before dawn in her oven");
        remember("Alice bakes bread");
        remember("Alice bakes rye bread on Sundays");
        remember("Alice likes jazz");
        Extras extras = p.extras(ALICE, "coder", "how do I bake bread");
        assertThat(extras.profile()).isEqualTo("Alice, a pastry chef");
        assertThat(extras.memories())
                .as("4 words of profile leave 16: the two shorter matches take 5 and 8 (a line costs 2), the "
                        + "longest (13 + 2) no longer fits; jazz does not match")
                .containsExactly("Alice bakes bread", "Alice bakes rye bread on Sundays");
    }

    @Test
    void aProfileOverTheBudgetIsCutAndLeavesNoRoom() {
        MemoryPrompt p = prompt(m -> m.promptTokens(5));
        memories.setProfile(ALICE, "one two three four five six seven eight nine ten", "key_app");
        remember("Alice bakes bread");
        Extras extras = p.extras(ALICE, "coder", "bread");
        assertThat(extras.profile()).endsWith("…");
        assertThat(WORDS.count("coder", extras.profile())).isLessThanOrEqualTo(5);
        assertThat(extras.memories()).isEmpty();
    }

    @Test
    void atMostPromptMaxItemsMemories() {
        MemoryPrompt p = prompt(m -> m.promptMaxItems(2));
        for (int i = 0; i < 5; i++) {
            remember("Alice bakes bread number " + i);
        }
        assertThat(p.extras(ALICE, "coder", "bread").memories()).hasSize(2);
        assertThat(p.extras(new Owner("key_app", "bob"), "coder", "bread")).isEqualTo(Extras.NONE);
    }
}
