package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.helix.access.Role;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ResultCacheTest {
    private static final CommandSpec STATE = CommandSpec.builder("state")
            .summary("Shows state")
            .argument(ArgumentSpec.optional("path", ArgType.STRING, "where").withDefault(""))
            .idempotent()
            .cacheFor(Duration.ofSeconds(30), "state.changed", "agents.*")
            .build();

    private final AtomicLong nanos = new AtomicLong();
    private final ResultCache cache = new ResultCache(ResultCache.DEFAULT_MAX_BYTES, nanos::get, Runnable::run);
    private final AtomicInteger runs = new AtomicInteger();

    private Supplier<JsonNode> counting(String value) {
        return () -> TextNode.valueOf(value + runs.incrementAndGet());
    }

    private static ResultCache.Result result(String value, boolean cached) {
        return new ResultCache.Result(TextNode.valueOf(value), cached);
    }

    private ResultCache.Result get(String path, Role role, Supplier<JsonNode> compute) {
        return cache.get(STATE, Arguments.of(STATE, Map.of("path", path)), role, Optional.empty(), compute);
    }

    @Test
    void aSecondIdenticalCallIsServedFromTheCache() {
        assertThat(get("/a", Role.USER, counting("v"))).isEqualTo(result("v1", false));
        assertThat(get("/a", Role.USER, counting("v"))).isEqualTo(result("v1", true));
        assertThat(runs).hasValue(1);
    }

    @Test
    void otherArgumentsRolesAndAgentsAreOtherEntries() {
        get("/a", Role.USER, counting("v"));
        assertThat(get("/b", Role.USER, counting("v")).cached()).isFalse();
        assertThat(get("/a", Role.ADMIN, counting("v")).cached()).isFalse();
        assertThat(cache.get(
                                STATE,
                                Arguments.of(STATE, Map.of("path", "/a")),
                                Role.USER,
                                Optional.of("ann"),
                                counting("v"))
                        .cached())
                .isFalse();
        assertThat(runs).hasValue(4);
    }

    @Test
    void entriesExpireAfterTheCommandsTtl() {
        get("/a", Role.USER, counting("v"));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertThat(get("/a", Role.USER, counting("v")).cached()).isTrue();
        nanos.addAndGet(1);
        assertThat(get("/a", Role.USER, counting("v"))).isEqualTo(result("v2", false));
    }

    @Test
    void matchingEventsDropTheCommandsResults() {
        get("/a", Role.USER, counting("v"));
        cache.onEvent("keys.changed", List.of(STATE));
        assertThat(get("/a", Role.USER, counting("v")).cached()).isTrue();
        cache.onEvent("state.changed", List.of(STATE));
        assertThat(get("/a", Role.USER, counting("v")).cached()).isFalse();
        cache.onEvent("agents.reloaded", List.of(STATE));
        assertThat(get("/a", Role.USER, counting("v")).cached()).isFalse();
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void failuresAreNeverCached() {
        Supplier<JsonNode> failing = () -> {
            runs.incrementAndGet();
            throw CommandException.notFound("no value at /a");
        };
        assertThatThrownBy(() -> get("/a", Role.USER, failing)).hasMessage("no value at /a");
        assertThatThrownBy(() -> get("/a", Role.USER, failing)).hasMessage("no value at /a");
        assertThat(runs).hasValue(2);
        assertThat(get("/a", Role.USER, counting("v")).cached()).isFalse();
    }

    @Test
    void resultsLargerThanTheBoundAreNotKept() {
        ResultCache small = new ResultCache(1_000, nanos::get, Runnable::run);
        small.get(
                STATE,
                Arguments.of(STATE, Map.of()),
                Role.USER,
                Optional.empty(),
                () -> TextNode.valueOf("x".repeat(2_000)));
        assertThat(small.size()).isZero();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aResultComputedWhileAnInvalidationHappensIsNotServedAfterIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<ResultCache.Result> slow = CompletableFuture.supplyAsync(() -> get("/a", Role.USER, () -> {
            started.countDown();
            await(release);
            return TextNode.valueOf("before the change");
        }));
        started.await();
        cache.onEvent("state.changed", List.of(STATE));
        release.countDown();

        assertThat(slow.get().value().textValue()).isEqualTo("before the change");
        ResultCache.Result next = get("/a", Role.USER, () -> TextNode.valueOf("after the change"));
        assertThat(next).isEqualTo(new ResultCache.Result(TextNode.valueOf("after the change"), false));
        assertThat(get("/a", Role.USER, counting("v")).value().textValue()).isEqualTo("after the change");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void concurrentIdenticalCallsComputeOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<ResultCache.Result> first = CompletableFuture.supplyAsync(() -> get("/a", Role.USER, () -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
            return TextNode.valueOf("shared");
        }));
        started.await();
        CompletableFuture<ResultCache.Result> second = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> second.complete(get("/a", Role.USER, counting("own"))));
        while (waiter.getState() != Thread.State.WAITING && !second.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(second).isNotDone();
        release.countDown();

        assertThat(first.get()).isEqualTo(new ResultCache.Result(TextNode.valueOf("shared"), false));
        assertThat(second.get()).isEqualTo(new ResultCache.Result(TextNode.valueOf("shared"), true));
        assertThat(runs).hasValue(1);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void callersWaitingOnAFailedComputationGetItsError() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<ResultCache.Result> first = CompletableFuture.supplyAsync(() -> get("/a", Role.USER, () -> {
            started.countDown();
            await(release);
            throw CommandException.conflict("state moved on");
        }));
        started.await();
        CompletableFuture<Throwable> second = new CompletableFuture<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                second.complete(new AssertionError("served " + get("/a", Role.USER, counting("own"))));
            } catch (CommandException e) {
                second.complete(e);
            }
        });
        while (waiter.getState() != Thread.State.WAITING && !second.isDone()) {
            Thread.onSpinWait();
        }
        release.countDown();
        assertThatThrownBy(first::join).hasCauseInstanceOf(CommandException.class);
        assertThat(second.get()).isInstanceOf(CommandException.class).hasMessage("state moved on");
        assertThat(get("/a", Role.USER, counting("v")).cached()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
