package dev.helix.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.helix.access.Role;
import dev.helix.internal.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Results of idempotent commands, reused per (command, arguments, caller role, agent) for the command's TTL and
 * dropped when an event matching one of its patterns arrives.
 *
 * <p>Implementation notes: each command has a generation counter, part of the key. An invalidation bumps it, so a
 * result being computed while the invalidation happens is stored under the old generation, which no later call
 * looks up — a stale result is never served after the event is handled; it is also removed at once. The first
 * caller of a key computes on its own thread and publishes a future that concurrent callers of the same key wait
 * on (so the work is done once, and Caffeine's map is never locked while a command runs). A failed computation
 * completes the future exceptionally, which Caffeine removes: failures are never cached. The cache is bounded by
 * the serialised size of the results (16 MiB by default) and each entry expires after its command's TTL.
 */
final class ResultCache {
    static final long DEFAULT_MAX_BYTES = 16L << 20;
    private static final int ENTRY_OVERHEAD = 128;

    /** A cached result and its weight in bytes. */
    private record Entry(JsonNode value, int weight) {}

    /** Who shares a result; {@code ttlNanos} follows from the command and rides along for the expiry. */
    record Key(
            String command,
            ObjectNode args,
            Role role,
            @Nullable String agent,
            long generation,
            long ttlNanos) {}

    /** A result and whether it came from the cache (or from another caller computing it at the same time). */
    record Result(JsonNode value, boolean cached) {}

    private final AsyncCache<Key, Entry> cache;
    private final ConcurrentMap<String, AtomicLong> generations = new ConcurrentHashMap<>();

    ResultCache(long maxBytes, Ticker ticker, Executor executor) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> e.weight())
                .expireAfter(Expiry.creating((Key k, Entry e) -> Duration.ofNanos(k.ttlNanos())))
                .ticker(ticker)
                .executor(executor)
                .buildAsync();
    }

    /** The cached result for this call, or {@code compute}'s (stored unless an invalidation came meanwhile). */
    Result get(CommandSpec spec, Arguments args, Role role, Optional<String> agent, Supplier<JsonNode> compute) {
        Key key = new Key(
                spec.name(),
                args.canonical(),
                role,
                agent.orElse(null),
                generation(spec.name()).get(),
                spec.cacheTtl().toNanos());
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> current = cache.get(key, (k, executor) -> mine);
        if (current != mine) {
            return new Result(await(current).value(), true);
        }
        return new Result(computeInto(key, mine, compute), false);
    }

    private JsonNode computeInto(Key key, CompletableFuture<Entry> mine, Supplier<JsonNode> compute) {
        try {
            JsonNode value = compute.get();
            mine.complete(new Entry(value, weigh(value)));
            if (generation(key.command()).get() != key.generation()) {
                cache.asMap().remove(key, mine);
            }
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            cache.asMap().remove(key, mine);
            throw e;
        }
    }

    private static Entry await(CompletableFuture<Entry> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Drops the results of every cached command in {@code specs} with a pattern matching {@code eventType}. */
    void onEvent(String eventType, Collection<CommandSpec> specs) {
        for (CommandSpec spec : specs) {
            if (spec.cached() && spec.invalidatedBy().stream().anyMatch(p -> EventPatterns.matches(p, eventType))) {
                invalidate(spec.name());
            }
        }
    }

    /** Drops every result of {@code command}, including any being computed now. */
    void invalidate(String command) {
        long current = generation(command).incrementAndGet();
        cache.asMap().keySet().removeIf(k -> k.command().equals(command) && k.generation() < current);
    }

    /** How many results are held, after pending evictions (for tests). */
    long size() {
        cache.synchronous().cleanUp();
        return cache.synchronous().estimatedSize();
    }

    private AtomicLong generation(String command) {
        return generations.computeIfAbsent(command, c -> new AtomicLong());
    }

    private static int weigh(JsonNode value) {
        return (int) Math.min(Integer.MAX_VALUE, (long) Json.bytes(value).length + ENTRY_OVERHEAD);
    }
}
