package dev.helix.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.config.ConfigException;
import dev.helix.config.HelixConfig;
import dev.helix.health.HealthCheck;
import dev.helix.http.HttpFeature;
import dev.helix.http.ResponseCapture;
import dev.helix.http.RouteInterceptor;
import dev.helix.http.RouteTraits;
import dev.helix.http.Routes;
import dev.helix.http.StoredResponse;
import dev.helix.storage.RedisConnection;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The response cache: an interceptor around the cacheable GET routes that answers from memory (Caffeine, bounded by
 * bytes, per-route TTL), then from Redis when configured, then from the route's handler, whose response is captured
 * and kept. Tags are invalidated by events (before the event reaches anyone else, so a
 * write's own response never precedes its invalidation), by admins ({@code DELETE /api/v1/cache?tag=…}) and by
 * other nodes (Redis pub/sub).
 *
 * <p>Which routes are cacheable is known once the routes are registered: each GET route whose {@code RouteTraits}
 * declare a policy is cached as declared, unless {@code caching.routes} is set, which then alone lists the routes and
 * their policies. Events published before that are kept and applied then, so other nodes still hear of them.
 *
 * <p>Implementation notes: one request per key loads at a time; others wait for its result (a future, so Caffeine's
 * map is never locked while a handler runs) and check it is still current before using it. A response counts as
 * current while its tags' generations equal those taken before its load began (see {@link Tags}); invalidated
 * entries are also swept from memory in the background. Expiry uses {@code System.nanoTime()}, so wall-clock jumps
 * neither expire nor extend anything. Only whole 200 responses with a body are kept; anything else goes to the
 * client as the handler sent it.
 */
public final class ResponseCache implements HttpFeature, AutoCloseable {
    /** Counter: requests to cacheable routes by {@code route} and {@code result} (hit, miss, stale). */
    public static final String REQUESTS = "helix.cache.requests";
    /** Timer: time to produce a response on a miss, by {@code route}. */
    public static final String LOAD = "helix.cache.load";
    /** Counter: tags invalidated, by {@code source}. */
    public static final String INVALIDATIONS = "helix.cache.invalidations";
    /** Gauge: responses held in memory. */
    public static final String SIZE = "helix.cache.size";
    /** Gauge: memory the in-memory cache accounts for. */
    public static final String BYTES = "helix.cache.bytes";
    /** Counter: responses dropped from memory for size or age. */
    public static final String EVICTIONS = "helix.cache.evictions";

    static final HeaderName RESULT = HeaderNames.create("X-Helix-Cache");
    private static final Header HIT = HeaderValues.createCached(RESULT, "hit");
    private static final Header MISS = HeaderValues.createCached(RESULT, "miss");
    private static final Header STALE = HeaderValues.createCached(RESULT, "stale");
    private static final Set<HeaderName> DROPPED = Set.of(HeaderNames.CACHE_CONTROL);
    private static final long WAIT_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final HelixConfig.Caching config;
    private final String nodeId;
    private final LongSupplier ticker;
    private final MeterRegistry registry;
    private final Object activation = new Object();
    private final Set<String> earlyEvents = new LinkedHashSet<>(); // guarded by activation
    private volatile boolean registered; // written under activation
    private volatile CachedRoutes cached = CachedRoutes.NONE;
    private volatile @Nullable RedisConnection redis;
    private final Cache<String, Entry> memory;
    private final ConcurrentHashMap<String, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();
    private final Map<String, Counter> invalidations = new LinkedHashMap<>();
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    private volatile @Nullable RedisTier shared;

    public ResponseCache(HelixConfig.Caching config, String nodeId, MeterRegistry registry) {
        this(config, nodeId, registry, System::nanoTime);
    }

    /** A cache whose expiry reads {@code ticker} (nanoseconds, like {@link System#nanoTime()}) instead of the JVM's. */
    public ResponseCache(HelixConfig.Caching config, String nodeId, MeterRegistry registry, LongSupplier ticker) {
        this.config = config;
        this.nodeId = nodeId;
        this.ticker = ticker;
        this.registry = registry;
        this.memory = Caffeine.newBuilder()
                .maximumWeight(config.maxSize())
                .weigher((String key, Entry e) -> e.weight(key))
                .expireAfter(new EntryExpiry())
                .evictionListener((@Nullable String key, @Nullable Entry e, RemovalCause cause) -> {
                    if (e != null) {
                        e.policy.evictions.increment();
                    }
                })
                .ticker(ticker::getAsLong)
                .build();
        for (String source : List.of("event", "admin", "remote")) {
            invalidations.put(
                    source,
                    Counter.builder(INVALIDATIONS)
                            .tag("source", source)
                            .description("Tags invalidated in the response cache, by where the invalidation came from")
                            .register(registry));
        }
        bindMeters();
    }

    private void bindMeters() {
        Gauge.builder(SIZE, memory, Cache::estimatedSize)
                .description("Responses held in the in-memory response cache")
                .register(registry);
        Gauge.builder(BYTES, this, c -> c.weightedSize())
                .baseUnit("bytes")
                .description("Memory the in-memory response cache accounts for")
                .register(registry);
        FunctionCounter.builder(EVICTIONS, this, ResponseCache::evictions)
                .description("Responses dropped from memory for size or age")
                .register(registry);
    }

    /** {@code bus}, made to invalidate the tags an event names before the event is delivered to anyone. */
    public EventBus watch(EventBus bus) {
        return new InvalidatingBus(bus, this::onEvent);
    }

    /**
     * Shares cached responses and invalidations through {@code connection} (when {@code caching.redis} allows and some
     * route is cacheable), from when the routes are registered.
     */
    public void connect(RedisConnection connection) {
        this.redis = connection;
    }

    /** The {@code cache} health check: DEGRADED while Redis is configured but not usable. */
    public HealthCheck health() {
        return () -> {
            RedisTier tier = shared;
            if (tier != null) {
                tier.check();
            }
        };
    }

    @Override
    public void register(Routes routes) {
        config.routes().ifPresent(listed -> requireGetRoutes(listed, routes));
        activate(new CachedRoutes(config.routes().orElseGet(() -> declared(routes)), config.invalidations(), registry));
        if (config.enabled()) {
            routes.intercept(RouteInterceptor.RESPONSE_CACHE, this::intercept);
        }
        new CacheApi(this).register(routes);
    }

    /** The GET routes registered so far whose traits declare a cache policy, in registration order. */
    static List<HelixConfig.Caching.Route> declared(Routes routes) {
        List<HelixConfig.Caching.Route> out = new ArrayList<>();
        for (String template : routes.templates("GET")) {
            routes.traits("GET", template)
                    .flatMap(RouteTraits::cache)
                    .ifPresent(policy -> out.add(new HelixConfig.Caching.Route(template, policy)));
        }
        return out;
    }

    private static void requireGetRoutes(List<HelixConfig.Caching.Route> listed, Routes routes) {
        for (HelixConfig.Caching.Route route : listed) {
            if (!routes.has("GET", route.template())) {
                throw new ConfigException("invalid configuration: caching.routes names " + route.template()
                        + ", which is not a GET route; GET routes: " + String.join(", ", routes.templates("GET")));
            }
        }
    }

    /**
     * Starts caching {@code routes}: with Redis, shares them from now on; then applies the events published before
     * (locally nothing was cached yet, but other nodes must hear of them).
     */
    private void activate(CachedRoutes routes) {
        RedisConnection connection = redis;
        RedisTier tier = connection != null && config.redis() && config.enabled() && !routes.policies.isEmpty()
                ? new RedisTier(connection, config, nodeId, routes.tags, this::onRemoteInvalidation, registry)
                : null;
        List<String> early;
        synchronized (activation) {
            if (registered) {
                throw new IllegalStateException("the response cache's routes are registered once");
            }
            shared = tier;
            cached = routes;
            registered = true;
            early = List.copyOf(earlyEvents);
            earlyEvents.clear();
        }
        if (tier != null) {
            tier.start();
        }
        early.forEach(this::invalidateFor);
    }

    /** The cacheable routes and their policies in effect, once the routes are registered; none before. */
    public List<HelixConfig.Caching.Route> routes() {
        return cached.routes();
    }

    /** How long a response of GET {@code template} stays fresh, if the route is cached. */
    public Optional<Duration> ttl(String template) {
        return cached.policy(template).map(p -> p.route.policy().ttl());
    }

    // ------------------------------------------------------------------------------------------------ serving

    private void intercept(
            ServerRequest req, ServerResponse res, RouteInterceptor.Route route, RouteInterceptor.Next next)
            throws Exception {
        CachePolicy policy = route.method().equals("GET") ? cached.policies.get(route.template()) : null;
        if (policy == null) {
            next.proceed(req, res);
            return;
        }
        String key = policy.key(req);
        if (key == null) {
            policy.bypassed.increment();
            next.proceed(req, res);
            return;
        }
        Entry entry = current(key);
        if (entry != null) {
            if (entry.fresh(ticker.getAsLong())) {
                policy.hits.increment();
                send(req, res, route, entry, HIT);
                return;
            }
            if (!entry.claimRefresh()) {
                policy.stale.increment();
                send(req, res, route, entry, STALE);
                return;
            }
        }
        load(req, res, route, next, policy, key, entry);
    }

    /** The entry in memory for {@code key} if its tags have not been invalidated since it was loaded. */
    @Nullable
    Entry current(String key) {
        Entry entry = memory.getIfPresent(key);
        return entry != null && entry.current(cached.tags) ? entry : null;
    }

    /** The policy of GET {@code template}, if it is cacheable. */
    Optional<CachePolicy> policy(String template) {
        return cached.policy(template);
    }

    /** Keeps {@code response} for {@code key} of {@code policy} as if a request had just loaded it. */
    void put(CachePolicy policy, String key, StoredResponse response) {
        long[] stamp = cached.tags.stamp(policy.tagIds);
        memory.put(key, new Entry(policy, response, ticker.getAsLong(), policy.ttlNanos, stamp));
    }

    private static void send(
            ServerRequest req, ServerResponse res, RouteInterceptor.Route route, Entry entry, Header result) {
        entry.response.send(req, res, entry.policy.cacheControl(route.access()), result);
    }

    private void load(
            ServerRequest req,
            ServerResponse res,
            RouteInterceptor.Route route,
            RouteInterceptor.Next next,
            CachePolicy policy,
            String key,
            @Nullable Entry stale)
            throws Exception {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            if (stale != null) {
                stale.refreshFailed();
            }
            awaitOther(req, res, route, next, policy, running);
            return;
        }
        Entry made = null;
        try {
            made = loadAndSend(req, res, route, next, policy, key);
        } finally {
            loading.remove(key, mine);
            mine.complete(made);
            if (stale != null && made == null) {
                stale.refreshFailed();
            }
        }
    }

    /** Waits for the request loading the same key; uses its response only if it is still current. */
    private void awaitOther(
            ServerRequest req,
            ServerResponse res,
            RouteInterceptor.Route route,
            RouteInterceptor.Next next,
            CachePolicy policy,
            CompletableFuture<Entry> running)
            throws Exception {
        Entry entry;
        try {
            entry = running.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            entry = null;
        }
        if (entry != null && entry.current(cached.tags)) {
            policy.hits.increment();
            send(req, res, route, entry, HIT);
            return;
        }
        policy.misses.increment();
        next.proceed(req, res);
    }

    private @Nullable Entry loadAndSend(
            ServerRequest req,
            ServerResponse res,
            RouteInterceptor.Route route,
            RouteInterceptor.Next next,
            CachePolicy policy,
            String key)
            throws Exception {
        Tags tags = cached.tags;
        long[] stamp = tags.stamp(policy.tagIds);
        RedisTier tier = shared;
        long[] epochs = tier == null ? null : tier.epochs(policy.tagIds);
        if (tier != null && epochs != null) {
            RedisTier.Found found = tier.get(key, epochs, policy.staleNanos);
            if (found != null && tags.current(policy.tagIds, stamp)) {
                Entry entry = new Entry(
                        policy,
                        found.response(),
                        ticker.getAsLong(),
                        Math.min(policy.ttlNanos, found.freshNanos()),
                        stamp);
                memory.put(key, entry);
                policy.hits.increment();
                send(req, res, route, entry, HIT);
                return entry;
            }
        }
        ResponseCapture capture = new ResponseCapture(res);
        long start = System.nanoTime();
        next.proceed(req, capture);
        policy.loads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        policy.misses.increment();
        if (!capture.storable(config.maxEntrySize())) {
            capture.release();
            return null;
        }
        StoredResponse stored = capture.store(DROPPED);
        Entry entry = new Entry(policy, stored, ticker.getAsLong(), policy.ttlNanos, stamp);
        if (entry.current(tags)) {
            memory.put(key, entry);
            if (tier != null && epochs != null) {
                tier.put(key, epochs, stored, policy.ttlNanos + policy.staleNanos);
            }
        }
        send(req, res, route, entry, MISS);
        return entry;
    }

    // ------------------------------------------------------------------------------------------------ invalidation

    private void onEvent(Event event) {
        if (registered || !keptUntilRegistered(event.type())) {
            invalidateFor(event.type());
        }
    }

    /** Keeps {@code type} to apply when the routes are registered, unless they are by now. */
    private boolean keptUntilRegistered(String type) {
        synchronized (activation) {
            if (registered) {
                return false;
            }
            earlyEvents.add(type);
            return true;
        }
    }

    private void invalidateFor(String eventType) {
        int[] ids = cached.events.tagsOf(eventType);
        if (ids.length > 0) {
            invalidate(ids, "event");
        }
    }

    /**
     * Invalidates {@code tagNames} here and, with Redis, on every node; returns the names no cached route or
     * invalidation rule has (they are ignored).
     */
    public List<String> invalidate(Collection<String> tagNames) {
        Tags tags = cached.tags;
        List<String> unknown = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (String name : tagNames) {
            int id = tags.id(name);
            if (id < 0) {
                unknown.add(name);
            } else {
                ids.add(id);
            }
        }
        if (!ids.isEmpty()) {
            invalidate(ids.stream().mapToInt(Integer::intValue).toArray(), "admin");
        }
        return unknown;
    }

    private void invalidate(int[] ids, String source) {
        Tags tags = cached.tags;
        for (int id : ids) {
            tags.invalidate(id);
        }
        invalidation(source).increment(ids.length);
        RedisTier tier = shared;
        if (tier != null) {
            tier.invalidated(ids);
        }
        sweepSoon();
    }

    /** Another node invalidated {@code ids} (or, with null, anything may have changed while we were not listening). */
    private void onRemoteInvalidation(int @Nullable [] ids) {
        Tags tags = cached.tags;
        if (ids == null) {
            tags.invalidateAll();
            invalidation("remote").increment();
        } else {
            for (int id : ids) {
                tags.invalidate(id);
            }
            invalidation("remote").increment(ids.length);
        }
        sweepSoon();
    }

    /** Removes invalidated entries from memory in the background (they are already never served). */
    private void sweepSoon() {
        if (sweepPending.compareAndSet(false, true)) {
            Thread.ofVirtual().name("helix-cache-sweep").start(() -> {
                sweepPending.set(false);
                try {
                    Tags tags = cached.tags;
                    memory.asMap().values().removeIf(e -> !e.current(tags));
                } catch (RuntimeException e) {
                    LOG.warn("could not sweep invalidated responses from the cache: {}", e.getMessage());
                }
            });
        }
    }

    // ------------------------------------------------------------------------------------------------ stats

    HelixConfig.Caching config() {
        return config;
    }

    Collection<CachePolicy> policies() {
        return cached.policies.values();
    }

    Cache<String, Entry> memory() {
        return memory;
    }

    @Nullable
    RedisTier shared() {
        return shared;
    }

    List<String> tagNames() {
        return cached.tags.names();
    }

    Map<String, Counter> invalidationCounters() {
        return invalidations;
    }

    /** Responses dropped from memory for size or age, all routes. */
    long evictions() {
        return cached.policies.values().stream()
                .mapToLong(p -> p.evictions.sum())
                .sum();
    }

    long weightedSize() {
        return memory.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    @Override
    public void close() {
        RedisTier tier = shared;
        if (tier != null) {
            tier.close();
        }
        memory.invalidateAll();
    }

    /** Entries live until the end of their stale window (their fresh end when there is none). */
    private static final class EntryExpiry implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String key, Entry entry, long currentTime) {
            return Math.max(0, entry.staleUntil - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
            return Math.max(0, entry.staleUntil - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private Counter invalidation(String source) {
        return Objects.requireNonNull(invalidations.get(source), source);
    }
}
