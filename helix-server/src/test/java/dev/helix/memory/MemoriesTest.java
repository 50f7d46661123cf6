package dev.helix.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.conversations.Caller;
import dev.helix.conversations.Owner;
import dev.helix.events.EventLog;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The memory service on SQLite and PostgreSQL: adding, changing, ending, deleting and forgetting, each with its
 * history and event, scoped to its owner; retrieval through the index, which never gives an ended memory nor another
 * owner's, and which a rebuild from the database gives back the same.
 */
@Timeout(120)
class MemoriesTest {
    static final Owner ALICE = new Owner("key_app", "alice");
    static final Owner BOB = new Owner("key_app", "bob");
    static final Owner APP = new Owner("key_app", null);
    static final Owner OTHER = new Owner("key_other", "alice");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock("2026-12-01T10:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private HelixConfig.Storage storage;
    private Database db;
    private EventLog log;
    private Memories memories;

    private Memories open(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        log = EventLog.publishingTo(bus, db, clock, new SimpleMeterRegistry());
        log.start();
        memories = new Memories(db, HelixConfig.defaults().memory(), log, clock, registry);
        memories.load();
        return memories;
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

    private List<String> texts(List<MemoryItem> items) {
        return items.stream().map(MemoryItem::text).toList();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void addedMemoriesAreRetrievedByRelevanceForTheirOwnerOnly(String engine) {
        Memories m = open(engine);
        m.add(ALICE, NewMemory.of(null, MemoryKind.PREFERENCE, "Alice drinks her coffee black"), "key_app");
        clock.advance(Duration.ofSeconds(1));
        m.add(ALICE, NewMemory.of("coder", MemoryKind.FACT, "Alice writes Rust at work"), "key_app");
        m.add(ALICE, NewMemory.of("critic", MemoryKind.FACT, "Alice hates long coffee meetings"), "key_app");
        m.add(BOB, NewMemory.of(null, MemoryKind.PREFERENCE, "Bob drinks coffee with milk"), "key_app");
        m.add(OTHER, NewMemory.of(null, MemoryKind.PREFERENCE, "Other drinks coffee with sugar"), "key_other");

        assertThat(texts(m.similar(ALICE, "coder", "how should I make my coffee?", 10)))
                .containsExactly("Alice drinks her coffee black");
        assertThat(texts(m.similar(ALICE, null, "coffee", 10)))
                .containsExactlyInAnyOrder("Alice drinks her coffee black", "Alice hates long coffee meetings");
        assertThat(texts(m.similar(BOB, "coder", "coffee", 10))).containsExactly("Bob drinks coffee with milk");
        assertThat(m.similar(APP, null, "coffee", 10)).isEmpty();
        assertThat(texts(m.similar(ALICE, "coder", "", 10)))
                .as("no words: the newest for the agent and every agent")
                .containsExactly("Alice writes Rust at work", "Alice drinks her coffee black");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void changesAreVersionedWithHistoryAndEndedMemoriesAreNotRetrieved(String engine) {
        Memories m = open(engine);
        MemoryItem added = m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "Alice lives in Lyon"), "key_app");
        clock.advance(Duration.ofMinutes(1));
        MemoryItem moved = m.update(
                ALICE, added.id(), MemoryPatch.NONE.text("Alice lives in Paris").ifVersion(1), "synthesis:run_1");
        assertThat(moved.version()).isEqualTo(2);
        assertThatThrownBy(() -> m.update(
                        ALICE, added.id(), MemoryPatch.NONE.confidence(0.5).ifVersion(1), "k"))
                .isInstanceOfSatisfying(
                        MemoryException.class, e -> assertThat(e.kind()).isEqualTo(MemoryException.Kind.STALE));
        assertThat(texts(m.similar(ALICE, null, "where does Alice live", 5))).containsExactly("Alice lives in Paris");

        clock.advance(Duration.ofMinutes(1));
        MemoryItem ended = m.invalidate(ALICE, added.id(), clock.instant(), "key_app");
        assertThat(ended.validTo()).isEqualTo(clock.instant());
        assertThat(m.similar(ALICE, null, "where does Alice live", 5)).isEmpty();

        Memories.Entry entry = m.get(new Caller(ALICE, false), added.id());
        assertThat(entry.history())
                .extracting(MemoryChange::action, MemoryChange::actor, MemoryChange::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("added", "key_app", "Alice lives in Lyon"),
                        org.assertj.core.groups.Tuple.tuple("updated", "synthesis:run_1", "Alice lives in Paris"),
                        org.assertj.core.groups.Tuple.tuple("invalidated", "key_app", "Alice lives in Paris"));
        assertThatThrownBy(() -> m.get(new Caller(BOB, false), added.id())).isInstanceOf(MemoryException.class);
        assertThat(m.get(new Caller(BOB, true), added.id()).item().id())
                .as("an admin reads")
                .isEqualTo(added.id());
        assertThatThrownBy(() -> m.update(BOB, added.id(), MemoryPatch.NONE.text("mine"), "key_app"))
                .isInstanceOfSatisfying(
                        MemoryException.class, e -> assertThat(e.kind()).isEqualTo(MemoryException.Kind.NOT_FOUND));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aMemoryEndingLaterIsRetrievedUntilItEnds(String engine) {
        Memories m = open(engine);
        m.add(
                ALICE,
                new NewMemory(
                        null,
                        MemoryKind.FACT,
                        "Alice is on holiday in Spain",
                        List.of("cmsg_1"),
                        0.8,
                        null,
                        clock.instant().plus(Duration.ofDays(7))),
                "key_app");
        assertThat(m.similar(ALICE, null, "holiday", 5)).hasSize(1);
        clock.advance(Duration.ofDays(8));
        assertThat(m.similar(ALICE, null, "holiday", 5)).isEmpty();
        assertThat(registry.get(MemoryMetrics.ITEMS).gauge().value())
                .as("still in the index until it is pruned")
                .isEqualTo(1);

        m.pruneIndex();
        assertThat(registry.get(MemoryMetrics.ITEMS).gauge().value()).isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void deletingAndForgettingRemoveItemsHistoryAndProfile(String engine) {
        Memories m = open(engine);
        MemoryItem one = m.add(ALICE, NewMemory.of("coder", MemoryKind.FACT, "Alice uses vim"), "key_app");
        m.update(ALICE, one.id(), MemoryPatch.NONE.confidence(0.4), "key_app");
        m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "Alice has a cat"), "key_app");
        m.add(ALICE, NewMemory.of("coder", MemoryKind.FACT, "Alice likes tabs"), "key_app");
        m.add(BOB, NewMemory.of(null, MemoryKind.FACT, "Bob has a cat"), "key_app");
        m.setProfile(ALICE, "Alice, a nurse in Lyon", "key_app");
        m.setProfile(BOB, "Bob, a baker", "key_app");

        assertThat(m.delete(ALICE, one.id(), "key_app")).isEqualTo(2);
        assertThat(count("memory_history WHERE item_id = '" + one.id() + "'")).isZero();
        assertThat(m.similar(ALICE, null, "vim", 5)).isEmpty();

        assertThat(m.forget(ALICE, "coder", "key_app")).isEqualTo(new Memories.Forgotten(1, 1, false));
        assertThat(m.profile(ALICE)).isEqualTo("Alice, a nurse in Lyon");
        assertThat(m.forget(ALICE, null, "key_app")).isEqualTo(new Memories.Forgotten(1, 1, true));
        assertThat(m.profile(ALICE)).isEmpty();
        assertThat(count("memory_items WHERE user_id = 'alice'")).isZero();
        assertThat(count("memory_history WHERE user_id = 'alice'")).isZero();
        assertThat(m.similar(ALICE, null, "cat", 5)).isEmpty();
        assertThat(texts(m.similar(BOB, null, "cat", 5))).containsExactly("Bob has a cat");
        assertThat(m.profile(BOB)).isEqualTo("Bob, a baker");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void everyChangeWritesAnEventWithoutTheText(String engine) {
        Memories m = open(engine);
        MemoryItem one = m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "Alice secret text"), "key_app");
        m.update(ALICE, one.id(), MemoryPatch.NONE.kind(MemoryKind.PROFILE), "key_app");
        m.invalidate(ALICE, one.id(), clock.instant(), "key_app");
        m.delete(ALICE, one.id(), "key_app");
        m.setProfile(ALICE, "secret profile", "key_app");
        m.deleteProfile(ALICE, "key_app");
        m.forget(ALICE, null, "key_app");
        List<Map<String, Object>> rows = db.jdbi()
                .withHandle(h -> h.createQuery(
                                "SELECT type, actor, data FROM events WHERE type LIKE 'memory.%' " + "ORDER BY id")
                        .mapToMap()
                        .list());
        assertThat(rows)
                .extracting(r -> r.get("type"))
                .containsExactly(
                        "memory.added",
                        "memory.updated",
                        "memory.invalidated",
                        "memory.deleted",
                        "memory.profile.updated",
                        "memory.profile.updated",
                        "memory.forgotten");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("actor")).isEqualTo("key_app");
            assertThat(r.get("data").toString()).contains("alice").doesNotContain("secret");
        });
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void theIndexIsRebuiltFromTheDatabase(String engine) {
        Memories m = open(engine);
        for (int i = 0; i < 30; i++) {
            m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "Alice fact number " + i + " about gardening"), "k");
        }
        MemoryItem ended = m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "Alice gardening ended"), "k");
        m.invalidate(ALICE, ended.id(), clock.instant(), "k");
        List<String> before = texts(m.similar(ALICE, null, "gardening", 50));
        Memories again = new Memories(db, HelixConfig.defaults().memory(), log, clock, new SimpleMeterRegistry());
        try {
            again.load();
            assertThat(texts(again.similar(ALICE, null, "gardening", 50)))
                    .hasSize(30)
                    .containsExactlyInAnyOrderElementsOf(before);
            assertThat(again.similar(ALICE, null, "gardening", 500))
                    .as("at most 50")
                    .hasSize(30);
        } finally {
            again.close();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void wrongInputIsRefusedWithAMessageNamingIt(String engine) {
        Memories m = open(engine);
        assertThatThrownBy(() -> m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, " "), "k"))
                .hasMessageContaining("'text' must not be blank");
        assertThatThrownBy(() -> m.add(ALICE, NewMemory.of(null, MemoryKind.FACT, "x".repeat(5000)), "k"))
                .hasMessageContaining("memory.maxTextSize");
        assertThatThrownBy(
                        () -> m.add(ALICE, new NewMemory(null, MemoryKind.FACT, "t", List.of(), 1.5, null, null), "k"))
                .hasMessageContaining("'confidence' must be from 0 to 1");
        assertThatThrownBy(() -> m.setProfile(ALICE, "p".repeat(5000), "k"))
                .hasMessageContaining("memory.maxProfileSize");
        assertThatThrownBy(() -> m.update(ALICE, "mem_nope", MemoryPatch.NONE, "k"))
                .hasMessageContaining("nothing to change");
        assertThat(Optional.of(m.profile(ALICE))).contains("");
    }

    private long count(String from) {
        return db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + from)
                        .mapTo(Long.class)
                        .one());
    }
}
