package dev.helix.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.helix.access.Principal;
import dev.helix.access.Role;
import dev.helix.bus.InProcessEventBus;
import dev.helix.commands.AgentPolicy;
import dev.helix.commands.CommandRegistry;
import dev.helix.commands.CommandService;
import dev.helix.config.HelixConfig;
import dev.helix.events.EventLog;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Answers a stopped node left open, on SQLite and PostgreSQL: once untouched for longer than the lease they are
 * stored as cut with the text the node had saved (queued ones as failed), and the conversation is free again.
 */
@Timeout(60)
class AnswerRecoveryTest {
    private static final Owner ALICE = new Owner("key_app", "alice");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock("2026-12-01T10:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus();
    private HelixConfig.Storage storage;
    private Database db;
    private Conversations conversations;
    private Answering answering;

    private void open(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        EventLog log = EventLog.publishingTo(bus, db, clock, new SimpleMeterRegistry());
        log.start();
        conversations = new Conversations(
                db,
                HelixConfig.defaults().conversations(),
                id -> Optional.of(""),
                log,
                clock,
                new SimpleMeterRegistry());
        answering = new Answering(
                conversations,
                new NoModel(),
                PromptContext.NONE,
                LiveAnswers.NONE,
                new CommandService(CommandRegistry.withBuiltins(), AgentPolicy.NONE, clock, new SimpleMeterRegistry()),
                clock);
    }

    @AfterEach
    void close() {
        bus.close();
        if (db != null) {
            StorageEngines.close(db, storage);
        }
    }

    /** What a node that stopped mid-answer leaves: a message, its answer streaming with some text, and the lease. */
    private Message leftOpen(String conversation, Message.Status status) {
        Tables tables = conversations.tables();
        return tables.write(tx -> {
            conversations.append(
                    tx,
                    ALICE,
                    Drafts.user(
                            conversations.newMessageId(),
                            conversation,
                            Message.Kind.MESSAGE,
                            List.of(Part.text("hi")),
                            JsonNodeFactory.instance.objectNode(),
                            conversations.now()));
            Message answer = conversations.append(
                    tx, ALICE, Drafts.answer(conversations.newMessageId(), conversation, status, conversations.now()));
            if (status == Message.Status.STREAMING) {
                tables.leases.take(tx.h, ALICE, conversation, answer.id(), clock.millis() + Answering.LEASE.toMillis());
                tables.messages.checkpoint(
                        tx.h, ALICE, conversation, answer.id(), List.of(Part.text("so far")), clock.millis());
            }
            return answer;
        });
    }

    private Message stored(String conversation, String id) {
        Conversations.MessagePage page =
                conversations.messages(new Caller(ALICE, false), conversation, null, null, 100);
        return page.data().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void anAnswerLeftOpenIsStoredAsCutWithItsSavedTextOnceItsLeaseIsLongOver(String engine) {
        open(engine);
        String c = conversations
                .create(ALICE, "coder", "", JsonNodeFactory.instance.objectNode())
                .id();
        Message open = leftOpen(c, Message.Status.STREAMING);
        assertThat(answering.recover()).as("still within its lease").isZero();

        clock.advance(Answering.LEASE.plusSeconds(1));
        assertThat(answering.recover()).isEqualTo(1);
        Message cut = stored(c, open.id());
        assertThat(cut.status()).isEqualTo(Message.Status.CUT);
        assertThat(cut.text()).isEqualTo("so far");
        assertThat(cut.error()).contains("stopped before it ended");
        assertThat(conversations.get(new Caller(ALICE, false), c).answering()).isNull();
        assertThat(answering.recover()).as("once").isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aConversationWhoseLeaseRanOutTakesANewMessageAndAQueuedAnswerLeftIsFailed(String engine) {
        open(engine);
        String c = conversations
                .create(ALICE, "coder", "", JsonNodeFactory.instance.objectNode())
                .id();
        leftOpen(c, Message.Status.STREAMING);
        Message queued = leftOpen(c, Message.Status.QUEUED);
        clock.advance(Answering.LEASE.plus(Duration.ofSeconds(1)));

        GatheredTurn turn = new GatheredTurn();
        answering.send(
                new Principal(ALICE.keyId(), "app", Role.USER),
                new Caller(ALICE, false),
                c,
                new MessageBodies.NewMessage(List.of(Part.text("again")), false, JsonNodeFactory.instance.objectNode()),
                "req-1",
                turn);
        Message answer = (Message) turn.body().get("answer");
        assertThat(answer.status())
                .as("not refused as busy: answered (by no model here)")
                .isEqualTo(Message.Status.FAILED);
        assertThat(answer.error()).isEqualTo("no model in this test");

        assertThat(answering.recover()).isEqualTo(2);
        assertThat(stored(c, queued.id()).status()).isEqualTo(Message.Status.FAILED);
        assertThat(stored(c, queued.id()).error()).contains("stopped before its turn came");
    }
}
