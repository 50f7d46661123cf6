package dev.helix.commands;

import dev.helix.http.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Command meters: the timer {@code helix.commands} by {@code command} and {@code outcome} (success, client_error,
 * server_error), and the counter {@code helix.commands.cache} by {@code command} and {@code result} (hit, miss).
 * Only registered command names are used as tags, so their number stays bounded.
 */
final class CommandMetrics {
    /** Timer: command runs, by {@code command} and {@code outcome}. */
    public static final String RUNS = "helix.commands";
    /** Counter: command result cache lookups, by {@code command} and {@code result}. */
    public static final String CACHE = "helix.commands.cache";

    /** How a run ended. */
    enum Outcome {
        SUCCESS,
        CLIENT_ERROR,
        SERVER_ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Outcome of(Throwable error) {
            int status = error instanceof CommandException c
                    ? c.kind().status()
                    : error instanceof ProblemException p ? p.problem().status() : 500;
            return status < 500 ? CLIENT_ERROR : SERVER_ERROR;
        }
    }

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String command, Outcome outcome, long nanos) {
        timers.computeIfAbsent(
                        command + ' ' + outcome.tag(),
                        k -> Timer.builder(RUNS)
                                .description("Command runs, by command and outcome")
                                .tag("command", command)
                                .tag("outcome", outcome.tag())
                                .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    void cache(String command, boolean hit) {
        String result = hit ? "hit" : "miss";
        counters.computeIfAbsent(
                        command + ' ' + result,
                        k -> Counter.builder(CACHE)
                                .description("Command result cache lookups, by command and result")
                                .tag("command", command)
                                .tag("result", result)
                                .register(registry))
                .increment();
    }
}
