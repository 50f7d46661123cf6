package dev.helix.cache;

import dev.helix.config.HelixConfig;
import dev.helix.health.HealthCheck;
import dev.helix.http.StoredResponse;
import dev.helix.storage.RedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/**
 * The shared second level of the response cache, in Redis: responses any node loaded (so a fresh node starts warm),
 * and invalidations sent to every node over pub/sub.
 *
 * <p>Implementation notes. Each tag has an epoch in Redis ({@code <prefix>:t:<tag>}, increased by every
 * invalidation) and entries are stored under a key that includes the epochs of their route's tags, so an
 * invalidation makes older entries unreachable without finding them. A node learns new epochs from the pub/sub
 * message that follows each increase, and reads them all when it (re)subscribes; a tag this node invalidated whose
 * increase has not reached Redis yet (or while Redis is away) keeps its routes off Redis, so a write is never
 * followed by a read of the entry it replaced. Requests wait at most {@code caching.redisTimeout} for a read and
 * never for a write; a failure or a late answer marks Redis unusable (logged once, health DEGRADED) and requests go
 * on with memory and the source until a watchdog sees Redis answer again. A lost subscription is re-made with
 * backoff; a silent one (its own heartbeats stop arriving) is dropped and re-made.
 */
final class RedisTier implements AutoCloseable {
    /** Counter: responses written to Redis. */
    public static final String L2_WRITES = "helix.cache.l2.writes";
    /** Counter: reads of the Redis response cache, by {@code result}. */
    public static final String L2_REQUESTS = "helix.cache.l2.requests";

    /** What a read found: the response and how long it stays fresh. */
    record Found(StoredResponse response, long freshNanos) {}

    private static final Logger LOG = LoggerFactory.getLogger(RedisTier.class);
    private static final long WATCH_MILLIS = 500;
    private static final long SILENT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final RedisConnection redis;
    private final RedisClient client;
    private final String prefix;
    private final String channel;
    private final long timeoutMillis;
    private final String instance;
    private final Tags tags;
    private final Consumer<int[]> remoteInvalidation;
    private final AtomicLongArray epochs;
    private final AtomicLongArray wanted;
    private final AtomicLongArray sent;
    private final Semaphore reads = new Semaphore(16);
    private final Semaphore writes = new Semaphore(64);
    private final ReentrantLock pushing = new ReentrantLock();
    private final ExecutorService tasks = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("helix-cache-redis-", 0).factory());
    private final Counter hits;
    private final Counter misses;
    private final Counter errors;
    private final Counter skipped;
    private final Counter stored;
    private final Listener listener = new Listener();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private volatile boolean subscribed;
    private volatile boolean listening;
    private volatile boolean synced;
    private volatile boolean closed;
    private volatile @Nullable Connection subscription;
    private volatile long lastHeard;
    private volatile long backoffMillis = 100;
    private @Nullable Thread subscriber;
    private @Nullable Thread watchdog;

    RedisTier(
            RedisConnection redis,
            HelixConfig.Caching config,
            String nodeId,
            Tags tags,
            Consumer<int[]> remoteInvalidation,
            MeterRegistry registry) {
        this.redis = redis;
        this.client = redis.client();
        this.prefix = config.redisPrefix();
        this.channel = prefix + ":invalidations";
        this.timeoutMillis = config.redisTimeout().toMillis();
        this.instance = nodeId + "/" + UUID.randomUUID();
        this.tags = tags;
        this.remoteInvalidation = remoteInvalidation;
        this.epochs = new AtomicLongArray(tags.size() + 1);
        this.wanted = new AtomicLongArray(tags.size() + 1);
        this.sent = new AtomicLongArray(tags.size() + 1);
        for (int i = 0; i <= tags.size(); i++) {
            epochs.set(i, -1);
        }
        this.hits = requests(registry, "hit");
        this.misses = requests(registry, "miss");
        this.errors = requests(registry, "error");
        this.skipped = requests(registry, "skipped");
        this.stored = Counter.builder(L2_WRITES)
                .description("Responses written to the Redis cache")
                .register(registry);
    }

    private static Counter requests(MeterRegistry registry, String result) {
        return Counter.builder(L2_REQUESTS)
                .tag("result", result)
                .description("Reads of the Redis response cache, by result")
                .register(registry);
    }

    void start() {
        subscriber = Thread.ofVirtual().name("helix-cache-redis-subscriber").start(this::listen);
        watchdog = Thread.ofVirtual().name("helix-cache-redis-watchdog").start(this::watch);
    }

    // ------------------------------------------------------------------------------------------------ reads, writes

    /** The epochs of {@code tagIds} to key an entry with, or null when Redis must not be used for them now. */
    long @Nullable [] epochs(int[] tagIds) {
        if (problem.get() != null || !listening) {
            return null;
        }
        long[] out = new long[tagIds.length];
        for (int i = 0; i < tagIds.length; i++) {
            int id = tagIds[i];
            long epoch = epochs.get(id);
            if (epoch < 0 || sent.get(id) != wanted.get(id)) {
                return null;
            }
            out[i] = epoch;
        }
        return out;
    }

    /** The response stored for {@code key} and still fresh, waiting at most {@code caching.redisTimeout}. */
    @Nullable
    Found get(String key, long[] keyEpochs, long staleNanos) {
        if (!reads.tryAcquire()) {
            skipped.increment();
            return null;
        }
        byte[] redisKey = RedisCodec.key(prefix, key, keyEpochs);
        Future<Object[]> answer;
        try {
            answer = tasks.submit(() -> {
                try {
                    return read(redisKey);
                } finally {
                    reads.release();
                }
            });
        } catch (RejectedExecutionException e) {
            reads.release();
            return null;
        }
        return found(key, await(answer), staleNanos);
    }

    private Object[] read(byte[] redisKey) {
        try (Pipeline p = client.pipelined()) {
            Response<byte[]> value = p.get(redisKey);
            Response<Long> ttl = p.pttl(redisKey);
            p.sync();
            return new Object[] {value.get(), ttl.get()};
        }
    }

    private Object @Nullable [] await(Future<Object[]> answer) {
        try {
            return answer.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            errors.increment();
            fail("no answer within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            errors.increment();
            fail(String.valueOf(Objects.requireNonNull(e.getCause()).getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    private @Nullable Found found(String key, Object @Nullable [] answer, long staleNanos) {
        if (answer == null) {
            return null;
        }
        StoredResponse response = answer[0] == null ? null : RedisCodec.decode((byte[]) answer[0], key);
        long leftMillis = (Long) answer[1];
        long freshNanos = TimeUnit.MILLISECONDS.toNanos(leftMillis) - staleNanos;
        if (response == null || leftMillis < 0 || freshNanos <= 0) {
            misses.increment();
            return null;
        }
        hits.increment();
        return new Found(response, freshNanos);
    }

    /** Stores {@code response} in the background for {@code ttlNanos}; skipped when Redis is busy or unusable. */
    void put(String key, long[] keyEpochs, StoredResponse response, long ttlNanos) {
        byte[] value = RedisCodec.encode(key, response);
        if (value == null || problem.get() != null || !writes.tryAcquire()) {
            return;
        }
        byte[] redisKey = RedisCodec.key(prefix, key, keyEpochs);
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(ttlNanos));
        try {
            tasks.execute(() -> {
                try {
                    client.set(redisKey, value, SetParams.setParams().px(millis));
                    stored.increment();
                } catch (RuntimeException e) {
                    fail("could not store a response: " + e.getMessage());
                } finally {
                    writes.release();
                }
            });
        } catch (RejectedExecutionException e) {
            writes.release();
        }
    }

    // ------------------------------------------------------------------------------------------------ invalidation

    /** This node invalidated {@code ids}: keep their routes off Redis until every node has been told. */
    void invalidated(int[] ids) {
        for (int id : ids) {
            wanted.incrementAndGet(id);
        }
        if (problem.get() == null) {
            try {
                tasks.execute(this::pushInvalidations);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }
    }

    /** Increases the epoch of every tag invalidated here since the last push and tells the other nodes. */
    private void pushInvalidations() {
        pushing.lock();
        try {
            for (int id = 1; id <= tags.size(); id++) {
                long want = wanted.get(id);
                if (sent.get(id) >= want) {
                    continue;
                }
                String tag = tags.name(id);
                long epoch = client.incr(prefix + ":t:" + tag);
                epochs.accumulateAndGet(id, epoch, Math::max);
                client.publish(channel, instance + "\t" + tag + "\t" + epoch);
                sent.accumulateAndGet(id, want, Math::max);
            }
        } catch (RuntimeException e) {
            fail("could not send an invalidation: " + e.getMessage());
        } finally {
            pushing.unlock();
        }
    }

    private void onMessage(String message) {
        lastHeard = System.nanoTime();
        String[] parts = message.split("\t", 4);
        if (parts.length != 3) {
            return;
        }
        int id = tags.id(parts[1]);
        long epoch;
        try {
            epoch = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            return;
        }
        if (id < 0) {
            return;
        }
        epochs.accumulateAndGet(id, epoch, Math::max);
        if (!parts[0].equals(instance)) {
            remoteInvalidation.accept(new int[] {id});
        }
    }

    /**
     * Reads every tag's epoch after (re)subscribing: a tag whose epoch moved while this node was not listening was
     * invalidated elsewhere, so it is invalidated here too (everything, the first time); then sends what this node
     * invalidated meanwhile and marks Redis usable.
     */
    private void resync() {
        try {
            List<String> names = tags.names();
            List<String> values =
                    client.mget(names.stream().map(t -> prefix + ":t:" + t).toArray(String[]::new));
            for (int i = 0; i < names.size(); i++) {
                int id = i + 1;
                long epoch = values.get(i) == null ? 0 : Long.parseLong(values.get(i));
                long known = epochs.get(id);
                if (known >= 0 && epoch > known) {
                    remoteInvalidation.accept(new int[] {id});
                }
                epochs.accumulateAndGet(id, epoch, Math::max);
            }
            if (!synced) {
                remoteInvalidation.accept(null);
                synced = true;
            }
            problem.set(null);
            pushInvalidations();
            if (problem.get() == null) {
                listening = true;
                recovered();
            }
        } catch (RuntimeException e) {
            fail("could not read the cache's tag epochs: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ connection

    private void listen() {
        while (!closed) {
            Connection connection = null;
            try {
                connection = redis.newConnection();
                subscription = connection;
                lastHeard = System.nanoTime();
                listener.proceed(connection, channel);
            } catch (RuntimeException e) {
                if (!closed) {
                    fail("subscription lost: " + e.getMessage());
                }
            } finally {
                subscribed = false;
                listening = false;
                subscription = null;
                closeQuietly(connection);
            }
            pause(backoffMillis);
            backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        }
    }

    private void watch() {
        while (!closed) {
            pause(WATCH_MILLIS);
            if (closed) {
                return;
            }
            if (subscribed && problem.get() != null) {
                retry();
            }
            heartbeat();
        }
    }

    /** Redis was marked unusable while the subscription stayed up (a slow or failed command): try it again. */
    private void retry() {
        try {
            Future<String> pong = tasks.submit(client::ping);
            pong.get(timeoutMillis, TimeUnit.MILLISECONDS);
            resync();
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            // still unusable; the next round tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes a heartbeat on the channel this node listens to; a subscription that has heard nothing (not even
     * its own heartbeats) for a while is silently broken, so it is dropped and made again.
     */
    private void heartbeat() {
        Connection c = subscription;
        if (c == null || !subscribed) {
            return;
        }
        if (System.nanoTime() - lastHeard > SILENT_NANOS) {
            fail("the subscription stopped delivering messages");
            c.disconnect();
            return;
        }
        try {
            client.publish(channel, instance + "\t-\t0");
        } catch (RuntimeException e) {
            fail("could not publish a heartbeat: " + e.getMessage());
        }
    }

    private void fail(String reason) {
        if (closed) {
            return;
        }
        if (problem.compareAndSet(null, reason)) {
            LOG.warn(
                    "response cache: Redis at {} is not usable ({}); serving from memory and the source until it "
                            + "answers again",
                    redis.describe(),
                    reason);
        }
    }

    private void recovered() {
        LOG.info("response cache: Redis at {} is in use (shared responses and invalidations)", redis.describe());
    }

    /** Throws {@link HealthCheck.Degraded} while Redis is not usable. */
    void check() throws HealthCheck.Degraded {
        String p = problem.get();
        if (p != null) {
            throw new HealthCheck.Degraded("Redis at " + redis.describe() + " is not usable by the response cache (" + p
                    + "); serving from memory and the source");
        }
    }

    boolean usable() {
        return problem.get() == null && listening;
    }

    @Nullable
    String problem() {
        return problem.get();
    }

    long count(String result) {
        return (long)
                switch (result) {
                    case "hit" -> hits.count();
                    case "miss" -> misses.count();
                    case "error" -> errors.count();
                    case "skipped" -> skipped.count();
                    default -> stored.count();
                };
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = subscription;
        if (c != null) {
            c.disconnect();
        }
        for (Thread t : new Thread[] {subscriber, watchdog}) {
            if (t != null) {
                t.interrupt();
            }
        }
        tasks.shutdownNow();
    }

    /** The subscription's callbacks, on the subscriber's thread. */
    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String to, int count) {
            backoffMillis = 100;
            lastHeard = System.nanoTime();
            subscribed = true;
            try {
                tasks.execute(RedisTier.this::resync);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }

        @Override
        public void onMessage(String from, String message) {
            RedisTier.this.onMessage(message);
        }
    }
}
