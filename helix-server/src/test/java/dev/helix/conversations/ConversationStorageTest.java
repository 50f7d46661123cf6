package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Conversations and their messages on SQLite and PostgreSQL: seqs, pages both ways, owners, deletion, events. */
@Timeout(120)
class ConversationStorageTest {
    private static final Owner ALICE = new Owner("key_app", "alice");
    private static final Owner BOB = new Owner("key_app", "bob");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock("2026-12-01T10:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus();
    private HelixConfig.Storage storage;
    private Database db;
    private EventLog log;
    private Conversations conversations;

    private Conversations open(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        log = EventLog.publishingTo(bus, db, clock, new SimpleMeterRegistry());
        log.start();
        conversations = new Conversations(
                db,
                HelixConfig.defaults().conversations(),
                id -> Optional.of(""),
                log,
                clock,
                new SimpleMeterRegistry());
        return conversations;
    }

    @AfterEach
    void close() {
        bus.close();
        if (db != null) {
            StorageEngines.close(db, storage);
        }
    }

    private Message say(Owner owner, String conversation, String text) {
        return conversations.append(
                owner,
                Drafts.user(
                        conversations.newMessageId(),
                        conversation,
                        Message.Kind.MESSAGE,
                        List.of(Part.text(text)),
                        JsonNodeFactory.instance.objectNode(),
                        clock.instant()));
    }

    private String conversation(Owner owner) {
        return conversations
                .create(owner, "coder", "", JsonNodeFactory.instance.objectNode())
                .id();
    }

    private static List<Long> seqs(Conversations.MessagePage page) {
        return page.data().stream().map(Message::seq).toList();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void messagesAreNumberedInOrderAndPagedBothWays(String engine) {
        open(engine);
        String c = conversation(ALICE);
        for (int i = 1; i <= 7; i++) {
            assertThat(say(ALICE, c, "m" + i).seq()).isEqualTo(i);
        }
        Caller alice = new Caller(ALICE, false);
        Conversations.MessagePage newest = conversations.messages(alice, c, null, null, 3);
        assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
        assertThat(newest.before()).isEqualTo(5L);
        assertThat(newest.after()).isEqualTo(7L);
        Conversations.MessagePage older = conversations.messages(alice, c, null, 5L, 3);
        assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
        Conversations.MessagePage oldest = conversations.messages(alice, c, null, 2L, 3);
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.before()).isNull();
        assertThat(seqs(conversations.messages(alice, c, 2L, null, 2))).containsExactly(3L, 4L);
        Conversations.MessagePage end = conversations.messages(alice, c, 7L, null, 2);
        assertThat(end.data()).isEmpty();
        assertThat(end.after()).as("poll again from here").isEqualTo(7L);
        assertThat(end.before()).isEqualTo(8L);
        assertThat(conversations.get(alice, c).lastSeq()).isEqualTo(7);
        assertThat(conversations
                        .messages(alice, c, null, null, 3)
                        .data()
                        .getFirst()
                        .text())
                .isEqualTo("m5");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void concurrentWritersNeverShareOrSkipASeq(String engine) throws Exception {
        open(engine);
        String c = conversation(ALICE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Message>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                writes.add(pool.submit(() -> say(ALICE, c, "m" + n)));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<Message> w : writes) {
                seqs.add(w.get().seq());
            }
            assertThat(seqs)
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.rangeClosed(1, 40)
                            .boxed()
                            .toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void anotherOwnerCanNeitherWriteNorReadTheMessages(String engine) {
        open(engine);
        String c = conversation(ALICE);
        Message said = say(ALICE, c, "secret");
        assertThatThrownBy(() -> say(BOB, c, "mine now"))
                .isInstanceOf(ConversationException.class)
                .hasMessageContaining("no conversation");
        assertThatThrownBy(() -> conversations.rewrite(BOB, said.failed(Message.Status.FAILED, "x", clock.instant())))
                .isInstanceOf(ConversationException.class);
        assertThatThrownBy(() -> conversations.messages(new Caller(BOB, false), c, null, null, 10))
                .isInstanceOf(ConversationException.class);
        assertThat(conversations
                        .messages(new Caller(BOB, true), c, null, null, 10)
                        .data())
                .as("an admin reads")
                .extracting(Message::text)
                .containsExactly("secret");
        assertThat(conversations.get(new Caller(ALICE, false), c).lastSeq()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void deletingAConversationDeletesItsMessagesAndWritesItsEvents(String engine) {
        open(engine);
        String c = conversation(ALICE);
        String kept = conversation(ALICE);
        say(ALICE, c, "one");
        say(ALICE, c, "two");
        say(ALICE, kept, "stays");
        List<String> types = new ArrayList<>();
        bus.subscribe(
                "test",
                "conversation.*",
                e -> types.add(e.type() + " " + e.data().get("action")));

        assertThat(conversations.delete(ALICE, c)).isEqualTo(2);
        assertThatThrownBy(() -> conversations.delete(ALICE, c)).isInstanceOf(ConversationException.class);
        assertThat(conversations
                        .messages(new Caller(ALICE, false), kept, null, null, 10)
                        .data())
                .hasSize(1);
        say(ALICE, kept, "more");
        dev.helix.testing.Await.until("the events", () -> types.size() == 2);
        assertThat(types).containsExactly("conversation.deleted null", "conversation.message stored");
    }
}
