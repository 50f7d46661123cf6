package dev.helix.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.config.HelixConfig;
import dev.helix.storage.Database;
import dev.helix.testing.StorageEngines;
import dev.helix.testing.TestClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mailboxes on SQLite and PostgreSQL: order, visibility, acknowledgement, expiry, exactly-once taking, replies. */
@Timeout(120)
class MailboxesTest {
    private static final Recipients AGENTS = new Recipients() {
        @Override
        public boolean exists(String id) {
            return ids().contains(id);
        }

        @Override
        public Collection<String> ids() {
            return Set.of("coder", "critic", "coordinator");
        }
    };

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock("2026-12-01T10:00:00Z");
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private HelixConfig.Storage storage;
    private Database db;
    private Mailboxes mailboxes;

    private Mailboxes open(String engine) {
        storage = StorageEngines.storage(engine, dir);
        db = Database.open(storage);
        db.migrate();
        mailboxes = new Mailboxes(db, HelixConfig.defaults().messaging(), AGENTS, clock, registry);
        return mailboxes;
    }

    @AfterEach
    void close() {
        if (db != null) {
            mailboxes.close();
            StorageEngines.close(db, storage);
        }
    }

    private Message post(String agent, Priority priority, String type) {
        return mailboxes.post(new Draft(agent, priority, type, "{\"n\":1}", null, null, "key_test"));
    }

    private List<String> takeTypes(String agent, int max) {
        return mailboxes.take(agent, max, Duration.ZERO).stream()
                .map(Message::type)
                .toList();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void highIsTakenBeforeNormalBeforeLowAndEachInTheOrderPosted(String engine) {
        open(engine);
        post("coder", Priority.LOW, "low-1");
        post("coder", Priority.NORMAL, "normal-1");
        post("coder", Priority.HIGH, "high-1");
        post("coder", Priority.LOW, "low-2");
        post("coder", Priority.HIGH, "high-2");

        assertThat(takeTypes("coder", 2)).containsExactly("high-1", "high-2");
        assertThat(takeTypes("coder", 10)).containsExactly("normal-1", "low-1", "low-2");
        assertThat(takeTypes("coder", 10)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void anIdempotencyKeyHoldsForItsWindowThenMayBeUsedAgain(String engine) {
        open(engine);
        Draft draft = new Draft("coder", Priority.NORMAL, "task", "{\"n\":1}", null, null, "key_test");
        Mailboxes.Posted first = mailboxes.postOnce(draft, "k-1");
        clock.advance(Mailboxes.IDEMPOTENCY_WINDOW.minusSeconds(1));
        mailboxes.prune();
        assertThat(mailboxes.postOnce(draft, "k-1")).isEqualTo(new Mailboxes.Posted(first.id(), true));

        clock.advance(Duration.ofSeconds(2));
        Mailboxes.Posted later = mailboxes.postOnce(draft, "k-1");
        assertThat(later.replayed())
                .as("its window has passed, even before a prune")
                .isFalse();
        assertThat(later.id()).isNotEqualTo(first.id());
        clock.advance(Mailboxes.IDEMPOTENCY_WINDOW.plusSeconds(1));
        mailboxes.prune();
        int kept = db.jdbi()
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM message_idempotency")
                        .mapTo(Integer.class)
                        .one());
        assertThat(kept).as("pruned").isZero();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aLowMessageOlderThanTwoPriorityStepsGoesBeforeNewHighOnesSoItIsNeverStarved(String engine) {
        open(engine);
        post("coder", Priority.LOW, "old-low");
        clock.advance(Duration.ofSeconds(59)); // step 30 s: the low one counts as posted 60 s after it was
        post("coder", Priority.HIGH, "high-before");
        clock.advance(Duration.ofSeconds(2));
        post("coder", Priority.HIGH, "high-after");

        assertThat(takeTypes("coder", 10)).containsExactly("high-before", "old-low", "high-after");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aTakenMessageIsInvisibleUntilItsVisibilityEndsThenDeliveredAgainUnlessAcknowledged(String engine) {
        open(engine);
        Message kept = post("coder", Priority.NORMAL, "kept");
        Message acked = post("coder", Priority.NORMAL, "acked");
        List<Message> first = mailboxes.take("coder", 10, Duration.ZERO);
        assertThat(first).extracting(Message::deliveryCount).containsExactly(1, 1);
        assertThat(first.getFirst().visibleUntil()).isEqualTo(clock.instant().plusSeconds(30));
        mailboxes.ack("coder", acked.id());
        mailboxes.ack("coder", acked.id()); // again: nothing changes

        clock.advance(Duration.ofSeconds(29));
        assertThat(takeTypes("coder", 10)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<Message> again = mailboxes.take("coder", 10, Duration.ZERO);

        assertThat(again).extracting(Message::id).containsExactly(kept.id());
        assertThat(again.getFirst().deliveryCount()).isEqualTo(2);
        assertThat(registry.get(MessagingMetrics.REDELIVERED)
                        .tag("priority", "normal")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(MessagingMetrics.TAKEN).counters())
                .extracting(c -> c.count())
                .contains(3.0);
        assertThat(registry.get(MessagingMetrics.ACKED)
                        .tag("priority", "normal")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aReleasedMessageCanBeTakenAgainAtOnce(String engine) {
        open(engine);
        Message m = post("coder", Priority.NORMAL, "task");
        mailboxes.take("coder", 1, Duration.ZERO);
        mailboxes.release("coder", m.id());

        assertThat(mailboxes.take("coder", 1, Duration.ZERO))
                .singleElement()
                .satisfies(again -> assertThat(again.deliveryCount()).isEqualTo(2));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void acknowledgingAMessageNotTakenOrUnknownIsRefused(String engine) {
        open(engine);
        Message m = post("coder", Priority.NORMAL, "task");

        assertThatThrownBy(() -> mailboxes.ack("coder", m.id()))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("is not taken (it is available)");
        assertThatThrownBy(() -> mailboxes.ack("critic", m.id()))
                .isInstanceOfSatisfying(
                        MessagingException.class,
                        e -> assertThat(e.kind()).isEqualTo(MessagingException.Kind.NOT_FOUND));
        assertThatThrownBy(() -> mailboxes.release("coder", m.id())).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> post("nobody", Priority.HIGH, "task")).hasMessage("no agent has id 'nobody'");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void anExpiredMessageIsNeverDeliveredAndIsPrunedAndCounted(String engine) {
        open(engine);
        mailboxes.post(new Draft("coder", Priority.HIGH, "brief", "{}", null, Duration.ofSeconds(5), "key_test"));
        post("coder", Priority.LOW, "lasting");
        clock.advance(Duration.ofSeconds(5));

        assertThat(takeTypes("coder", 10)).containsExactly("lasting");
        mailboxes.prune();
        assertThat(registry.get(MessagingMetrics.EXPIRED).counter().count()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void theDepthGaugesCountTheMessagesWaitingByAgentAndPriority(String engine) {
        open(engine);
        post("coder", Priority.HIGH, "a");
        post("coder", Priority.HIGH, "b");
        post("coder", Priority.LOW, "c");
        post("critic", Priority.NORMAL, "d");
        mailboxes.prune();

        assertThat(depth("coder", "high")).isEqualTo(2);
        assertThat(depth("coder", "low")).isEqualTo(1);
        assertThat(depth("coder", "normal")).isZero();
        assertThat(depth("critic", "normal")).isEqualTo(1);
        assertThat(depth("coordinator", "high")).isZero();
        mailboxes.take("coder", 10, Duration.ZERO);
        mailboxes.prune();
        assertThat(depth("coder", "high")).isZero();
    }

    private double depth(String agent, String priority) {
        return registry.get(MessagingMetrics.DEPTH)
                .tag("agent", agent)
                .tag("priority", priority)
                .gauge()
                .value();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void manyConcurrentTakersTakeEveryMessageExactlyOnce(String engine) throws Exception {
        open(engine);
        int count = 400;
        for (int i = 0; i < count; i++) {
            post("coder", Priority.values()[i % 3], "m" + i);
        }
        ConcurrentLinkedQueue<String> taken = new ConcurrentLinkedQueue<>();
        try (ExecutorService takers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                running.add(takers.submit(() -> {
                    List<Message> got;
                    while (!(got = mailboxes.take("coder", 7, Duration.ZERO)).isEmpty()) {
                        got.forEach(m -> taken.add(m.id()));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }

        assertThat(taken).hasSize(count).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aLongPollWaitsForTheFirstMessageAndTakesIt(String engine) throws Exception {
        open(engine);
        try (ExecutorService poller = Executors.newSingleThreadExecutor()) {
            Future<List<Message>> waiting = poller.submit(() -> mailboxes.take("coder", 10, Duration.ofSeconds(20)));
            Thread.sleep(100);
            assertThat(waiting).isNotDone();
            post("coder", Priority.NORMAL, "wake");

            assertThat(waiting.get()).extracting(Message::type).containsExactly("wake");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRequestGetsTheReplyToItsMessageWhichAlsoReachesTheReplyToMailbox(String engine) throws Exception {
        open(engine);
        try (ExecutorService asker = Executors.newSingleThreadExecutor()) {
            Future<Mailboxes.Exchange> asking = asker.submit(() -> mailboxes.request(
                    new Draft("critic", Priority.HIGH, "review", "{\"text\":\"x\"}", null, null, "key_a"),
                    Duration.ofSeconds(20)));
            Message asked = mailboxes.take("critic", 1, Duration.ofSeconds(20)).getFirst();
            Message answer = mailboxes.reply(
                    "critic",
                    asked.id(),
                    new Draft("", Priority.NORMAL, "review.done", "{\"ok\":true}", null, null, "key_b"));

            Mailboxes.Exchange exchange = asking.get();
            assertThat(exchange.request()).isEqualTo(asked.id());
            assertThat(exchange.reply().id()).isEqualTo(answer.id());
            assertThat(exchange.reply().inReplyTo()).isEqualTo(asked.id());
            assertThat(exchange.reply().data()).isEqualTo("{\"ok\":true}");
        }
        Message withMailbox =
                mailboxes.post(new Draft("critic", Priority.NORMAL, "review", "{}", "coordinator", null, "key_a"));
        mailboxes.take("critic", 1, Duration.ZERO);
        mailboxes.reply("critic", withMailbox.id(), new Draft("", Priority.LOW, "done", "{}", null, null, "key_b"));
        assertThat(mailboxes.take("coordinator", 10, Duration.ZERO))
                .singleElement()
                .satisfies(m -> assertThat(m.inReplyTo()).isEqualTo(withMailbox.id()));
        assertThatCode(() -> mailboxes.ack("critic", withMailbox.id()))
                .as("answering acknowledged it")
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRequestWithoutAnAnswerTimesOutNamingIt(String engine) {
        open(engine);
        assertThatThrownBy(() -> mailboxes.request(
                        new Draft("critic", Priority.HIGH, "review", "{}", null, null, "key_a"),
                        Duration.ofMillis(300)))
                .isInstanceOfSatisfying(
                        MessagingException.class, e -> assertThat(e.kind()).isEqualTo(MessagingException.Kind.TIMEOUT))
                .hasMessageMatching("no reply to message msg_\\w+ within 300ms; a later reply is dropped");
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void messagesSurviveARestart(String engine) {
        open(engine);
        Message m = post("coder", Priority.HIGH, "durable");
        mailboxes.close();
        try (Mailboxes reopened = new Mailboxes(db, HelixConfig.defaults().messaging(), AGENTS, clock, registry)) {
            assertThat(reopened.take("coder", 1, Duration.ZERO))
                    .extracting(Message::id)
                    .containsExactly(m.id());
        }
    }
}
