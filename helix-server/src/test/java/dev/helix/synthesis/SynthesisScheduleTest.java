package dev.helix.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.testing.HelixClient.Reply;
import dev.helix.testing.TestClock;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When runs happen, on a test clock whose timer runs the periodic work as the test lets time pass: a conversation
 * idle long enough gets a run, so does one with enough new messages; nothing runs while the maintenance mode is on,
 * and the waiting work runs once it is off; a run past the day's budget waits for the next UTC day; nothing at all
 * when synthesis is turned off. On SQLite and PostgreSQL.
 */
@Timeout(120)
class SynthesisScheduleTest {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration IDLE = Duration.ofSeconds(30);

    /** A Helix on {@code engine} and {@code clock} that looks every {@link #POLL}, idle after {@link #IDLE}. */
    private static SynthesisFixture idleAfterPolls(String engine, TestClock clock) throws java.io.IOException {
        return SynthesisFixture.start(engine, clock, s -> s.pollInterval(POLL).idleAfter(IDLE));
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void anIdleConversationGetsARunAndSoDoesOneWithEnoughNewMessages(String engine) throws Exception {
        TestClock clock = new TestClock("2026-03-01T10:00:00Z");
        try (SynthesisFixture helix = SynthesisFixture.start(
                engine, clock, s -> s.pollInterval(POLL).idleAfter(IDLE).everyMessages(4))) {
            String key = helix.key("app");
            String quiet = helix.conversation(key, null);
            helix.say(key, null, quiet, "I live in Porto.");
            clock.advance(POLL);
            assertThat(helix.runs(key, null, ""))
                    .as("2 new messages, not idle yet")
                    .isEmpty();

            clock.advance(IDLE);
            JsonNode idle = helix.awaitEnd(
                    key, null, helix.runs(key, null, "").get(0).get("id").asText());
            assertThat(idle.get("trigger").asText()).isEqualTo("idle");
            assertThat(idle.get("status").asText()).as(idle.toString()).isEqualTo("done");

            String busy = helix.conversation(key, null);
            helix.say(key, null, busy, "I work as a baker.");
            helix.say(key, null, busy, "My favourite colour is red.");
            clock.advance(POLL);
            JsonNode many = helix.awaitEnd(
                    key,
                    null,
                    helix.runs(key, null, "?conversation=" + busy)
                            .get(0)
                            .get("id")
                            .asText());
            assertThat(many.get("trigger").asText()).isEqualTo("messages");
            assertThat(SynthesisFixture.texts(helix.memories(key, null, true)))
                    .containsExactlyInAnyOrder(
                            "User lives in Porto", "User works as baker", "User's favourite colour is red");

            clock.advance(IDLE.multipliedBy(2));
            assertThat(helix.runs(key, null, ""))
                    .as("nothing new: no more runs")
                    .hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aLookReadsTheConversationsChangedLatelyAndEveryHourAllOfThem(String engine) throws Exception {
        TestClock clock = new TestClock("2026-03-01T10:00:00Z");
        try (SynthesisFixture helix = idleAfterPolls(engine, clock)) {
            String key = helix.key("app");
            clock.advance(POLL); // the first look, which reads every conversation
            String old = helix.conversation(key, null);
            helix.say(key, null, old, "I live in Porto.");
            helix.lastChanged(old, clock.instant().minus(Duration.ofHours(3)));
            String recent = helix.conversation(key, null);
            helix.say(key, null, recent, "I work as a baker.");

            clock.advance(IDLE.plus(POLL));
            assertThat(helix.runs(key, null, "").findValuesAsText("conversation"))
                    .as("a look reads what changed since the last look, less the idle time")
                    .containsExactly(recent);

            clock.advance(Synthesis.SWEEP);
            assertThat(helix.runs(key, null, "?conversation=" + old))
                    .as("the hourly look reads them all")
                    .hasSize(1);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRunThatReadAsManyMessagesAsItMayQueuesTheNextForTheRestAtOnce(String engine) throws Exception {
        try (SynthesisFixture helix = SynthesisFixture.start(engine, s -> s.maxMessagesPerRun(4))) {
            String key = helix.key("app");
            String id = helix.conversation(key, null);
            helix.say(key, null, id, "I live in Porto.");
            helix.say(key, null, id, "I work as a baker.");
            helix.say(key, null, id, "My favourite colour is red.");

            JsonNode first = helix.synthesised(key, null, id);
            assertThat(first.get("seqTo").asLong()).isEqualTo(4);
            JsonNode runs = helix.runs(key, null, "?conversation=" + id);
            assertThat(runs).as("the rest queued with the first's end").hasSize(2);
            JsonNode rest = helix.awaitEnd(key, null, runs.get(0).get("id").asText());
            assertThat(rest.get("seqFrom").asLong()).isEqualTo(5);
            assertThat(rest.get("seqTo").asLong()).isEqualTo(6);
            assertThat(rest.get("trigger").asText()).isEqualTo("requested");
            assertThat(SynthesisFixture.texts(helix.memories(key, null, true)))
                    .containsExactlyInAnyOrder(
                            "User lives in Porto", "User works as baker", "User's favourite colour is red");
            assertThat(helix.runs(key, null, "?conversation=" + id))
                    .as("nothing left to read")
                    .hasSize(2);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void nothingRunsWhileTheMaintenanceModeIsOnAndTheWaitingWorkRunsAfter(String engine) throws Exception {
        TestClock clock = new TestClock("2026-03-01T10:00:00Z");
        try (SynthesisFixture helix = idleAfterPolls(engine, clock)) {
            String key = helix.key("app");
            String id = helix.conversation(key, "alice");
            helix.say(key, "alice", id, "I live in Porto.");
            helix.maintenance(true);
            try {
                clock.advance(IDLE.plus(POLL));
                assertThat(helix.runs(key, "alice", "")).as("paused").isEmpty();
                Reply refused = helix.synthesise(key, "alice", id);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.json().get("detail").asText()).isEqualTo("upgrading");
            } finally {
                helix.maintenance(false);
            }
            clock.advance(POLL);
            JsonNode run = helix.awaitEnd(
                    key, "alice", helix.runs(key, "alice", "").get(0).get("id").asText());
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("done");
            assertThat(SynthesisFixture.texts(helix.memories(key, "alice", true)))
                    .containsExactly("User lives in Porto");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void aRunPastTheDaysBudgetWaitsForTheNextUtcDay(String engine) throws Exception {
        TestClock clock = new TestClock("2026-03-01T23:58:00Z");
        try (SynthesisFixture helix = SynthesisFixture.start(
                engine, clock, s -> s.pollInterval(POLL).dailyBudgetUsd(new BigDecimal("0.00001")))) {
            String key = helix.key("app");
            String id = helix.conversation(key, null);
            helix.say(key, null, id, "I live in Porto.");
            JsonNode first = helix.synthesised(key, null, id);
            assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("done");
            assertThat(first.get("costUsd").decimalValue()).isGreaterThan(new BigDecimal("0.00001"));

            helix.say(key, null, id, "I work as a baker.");
            JsonNode deferred = helix.synthesised(key, null, id);
            assertThat(deferred.get("status").asText()).as(deferred.toString()).isEqualTo("deferred");
            assertThat(deferred.get("nextAttemptAt").asText()).isEqualTo("2026-03-02T00:00:00Z");
            assertThat(deferred.get("attempts").asInt())
                    .as("a deferral is no attempt")
                    .isZero();
            Reply busy = helix.synthesise(key, null, id);
            assertThat(busy.status())
                    .as("still the conversation's run: " + busy.body())
                    .isEqualTo(409);

            clock.advance(Duration.ofMinutes(2));
            JsonNode done = helix.awaitEnd(key, null, deferred.get("id").asText());
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
            assertThat(SynthesisFixture.texts(helix.memories(key, null, true)))
                    .containsExactlyInAnyOrder("User lives in Porto", "User works as baker");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.helix.testing.StorageEngines#all")
    void turnedOffNothingRunsAndAskingForARunSaysSo(String engine) throws Exception {
        TestClock clock = new TestClock("2026-03-01T10:00:00Z");
        try (SynthesisFixture helix = SynthesisFixture.start(
                engine,
                clock,
                s -> s.enabled(false).pollInterval(POLL).idleAfter(IDLE).everyMessages(1))) {
            String key = helix.key("app");
            String id = helix.conversation(key, null);
            helix.say(key, null, id, "I live in Porto.");
            clock.advance(IDLE.plus(POLL));
            assertThat(helix.runs(key, null, "")).isEmpty();
            Reply r = helix.synthesise(key, null, id);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("detail").asText()).contains("memory.synthesis.enabled");
            assertThat(helix.llm.requests().stream().filter(q -> q.body().has("response_format")))
                    .isEmpty();
            assertThat(helix.memories(key, null, false)).isEmpty();
        }
    }
}
