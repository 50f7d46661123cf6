package dev.helix.realtime;

import dev.helix.access.Role;
import dev.helix.bus.Event;
import dev.helix.bus.EventBus;
import dev.helix.config.HelixConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time hub: numbers every bus event of a known topic, keeps a bounded history per topic and fans messages
 * out to subscribed connections.
 *
 * <p>Implementation notes: one sequence of offsets serves every topic, so one number (the SSE {@code Last-Event-ID})
 * resumes several topics at once; offsets increase per topic but need not be consecutive. Started
 * {@linkplain #start(EventBus, LongSupplier, LongSupplier) from the event log}, a message's offset is its event's id in the log:
 * every node publishes the same events in the same id order, so an offset a client got from one node means the same
 * point on any other, and resuming there returns exactly what it missed (or a reset if that node no longer keeps
 * them). A resume from an offset this node has not reached yet waits up to {@link #CATCH_UP} for its log reader
 * before it gives up with a reset. Started {@linkplain #start(EventBus) without the log}, offsets come from a counter
 * that starts at the start time in microseconds, so an offset from an earlier run gets a reset. Events arrive on one
 * bus subscriber thread, in order; appending and subscribing to a topic hold its lock, so a client's backlog always
 * precedes live messages. If the bus ever drops events for the hub, every topic's history is forgotten and
 * subscribers get a reset — a gap is never silent.
 */
public final class RealtimeHub implements AutoCloseable {
    /** Counter: real-time clients closed by the server, by {@code reason}. */
    public static final String DISCONNECTS = "helix.realtime.disconnects";
    /** Gauge: live WebSocket and SSE connections. */
    public static final String CONNECTIONS = "helix.realtime.connections";
    /** Timer: from an event to its write to a client's connection. */
    public static final String DELIVERY = "helix.realtime.delivery";
    /** Gauge: connections following a topic, by {@code topic}. */
    public static final String SUBSCRIBERS = "helix.realtime.subscribers";

    /** The longest a resume waits for this node to reach an offset another node gave out. */
    public static final Duration CATCH_UP = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(RealtimeHub.class);
    /** WebSocket close code for a server going away. */
    static final int GOING_AWAY = 1001;
    /** Upper bounds of {@code helix_realtime_delivery_seconds}: 1 ms to 5 s. */
    private static final Duration[] DELIVERY_BUCKETS = {
        Duration.ofMillis(1),
        Duration.ofNanos(2_500_000),
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5)
    };

    private final HelixConfig.Realtime config;
    private final Clock clock;
    private final AtomicLong offsets;
    private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();
    private final Set<String> named = ConcurrentHashMap.newKeySet();
    private final List<TopicFamily> families = new CopyOnWriteArrayList<>();
    private final List<PersonalTopic> personal = new CopyOnWriteArrayList<>();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private EventBus.@Nullable Subscription subscription;
    private @Nullable Timer delivery;
    private Runnable tooSlow = () -> {};
    private long droppedSeen;
    private volatile boolean fromLog;
    private volatile boolean covered;
    private volatile long historyStart;
    private volatile long familyFloor = -1;
    private LongSupplier coverage = () -> -1;
    private volatile boolean closed;

    public RealtimeHub(HelixConfig.Realtime config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.offsets = new AtomicLong(clock.millis() * 1000);
        this.historyStart = offsets.get();
    }

    /** Makes {@code name} a topic clients may follow; {@code snapshot} gives its current content for resets. */
    public RealtimeHub topic(String name, Supplier<Object> snapshot) {
        topics.put(name, newTopic(name, subscriber -> snapshot.get(), historyStart));
        named.add(name);
        return this;
    }

    /** Makes {@code topic} a topic every key may follow, each client getting only what it is for. */
    public RealtimeHub topic(PersonalTopic topic) {
        topics.put(topic.name(), newTopic(topic.name(), topic.snapshot(), historyStart));
        named.add(topic.name());
        personal.add(topic);
        return this;
    }

    /**
     * Makes every name {@code family.prefix() + id} for which {@code family} says the id exists a topic that clients
     * with the family's role may follow, made when first needed (an event or a subscription).
     */
    public RealtimeHub topics(TopicFamily family) {
        families.add(family);
        return this;
    }

    private TopicLog newTopic(String name, Function<Subscriber, Object> snapshot, long start) {
        return new TopicLog(name, snapshot, config.historySize(), config.historyAge(), clock, start);
    }

    /** The topic named {@code name}, made now if it belongs to a family; null if there is no such topic. */
    private @Nullable TopicLog topic(String name) {
        TopicLog topic = topics.get(name);
        if (topic != null) {
            return topic;
        }
        return family(name)
                .filter(f -> f.exists().test(f.id(name)))
                .map(f -> addToFamily(f, name))
                .orElse(null);
    }

    /**
     * Made under the hub's lock, so that it never starts before the history start {@link #cover()} sets, nor before
     * the history of a topic of a family {@link #forgetIdleTopics()} dropped.
     */
    private synchronized TopicLog addToFamily(TopicFamily family, String name) {
        return topics.computeIfAbsent(
                name,
                n -> newTopic(
                        n,
                        subscriber -> family.snapshot().apply(subscriber, family.id(n)),
                        Math.max(historyStart, familyFloor)));
    }

    /**
     * Drops the topics of families that nobody follows and that keep no message (all older than
     * {@code realtime.historyAge}), so that a topic per conversation does not stay in memory for ever. Such a topic
     * is made again when next needed; its history then starts after every message the dropped ones had, so a client
     * resuming from before gets a reset, never a silent gap. Returns how many were dropped.
     */
    public synchronized int forgetIdleTopics() {
        int dropped = 0;
        for (Map.Entry<String, TopicLog> entry : List.copyOf(topics.entrySet())) {
            if (named.contains(entry.getKey())) {
                continue;
            }
            TopicLog topic = entry.getValue();
            synchronized (topic.lock()) {
                if (topic.idle()) {
                    topic.retire();
                    topics.remove(entry.getKey(), topic);
                    familyFloor = Math.max(familyFloor, topic.droppedThrough());
                    dropped++;
                }
            }
        }
        return dropped;
    }

    private Optional<TopicFamily> family(String name) {
        return families.stream().filter(f -> f.contains(name)).findFirst();
    }

    /**
     * Why {@code c} may not follow {@code name}: {@code unknown-topic} (no such topic, or one of a family the client may
     * not know of) or {@code forbidden-topic} (its key's role is below the topic's); empty if it may.
     */
    Optional<String> refusal(Connection c, String name) {
        if (unknownTo(c, name)) {
            return Optional.of("unknown-topic");
        }
        return family(name).filter(f -> !c.role().atLeast(f.role())).map(f -> "forbidden-topic");
    }

    /** Whether {@code name} is no topic {@code c} may know of. */
    private boolean unknownTo(Connection c, String name) {
        Optional<TopicFamily> f = family(name);
        if (f.isPresent() && !f.get().visible().test(c.subscriber(), f.get().id(name))) {
            return true;
        }
        return topic(name) == null;
    }

    /** The role a key needs to follow {@code name}. */
    Role roleFor(String name) {
        return family(name).map(TopicFamily::role).orElse(Role.USER);
    }

    /** The topics and topic families clients may follow, as a short list for error messages. */
    public String describeTopics() {
        List<String> all = new ArrayList<>(new TreeSet<>(named));
        families.forEach(f -> all.add(f.prefix() + "<id>"));
        return String.join(", ", all);
    }

    /**
     * Publishes the number of live connections and of subscriptions per topic as gauges, delivery times, and clients
     * closed for falling behind ({@code helix_realtime_disconnects_total{reason="too_slow"}}).
     */
    public RealtimeHub bindTo(MeterRegistry registry) {
        tooSlow = Counter.builder(DISCONNECTS)
                .tag("reason", "too_slow")
                .description("Real-time clients closed by the server, by reason")
                .register(registry)::increment;
        Gauge.builder(CONNECTIONS, connections, Set::size)
                .description("Live WebSocket and SSE connections")
                .register(registry);
        delivery = Timer.builder(DELIVERY)
                .description("From an event to its write to a client's connection")
                .serviceLevelObjectives(DELIVERY_BUCKETS)
                .register(registry);
        topics.forEach((name, log) -> Gauge.builder(SUBSCRIBERS, log.subscribers(), Set::size)
                .tag("topic", name)
                .description("Connections following the topic")
                .register(registry));
        return this;
    }

    /** Starts receiving events from {@code bus}, numbering them with a counter of this node's own. */
    public RealtimeHub start(EventBus bus) {
        subscription = bus.subscribe("realtime", "*", this::onEvent);
        return this;
    }

    /**
     * Starts receiving events from {@code bus}, which carries the event log's events in id order, and uses their log
     * ids as offsets. {@code lastPublished} gives the id of the last event the log has published on the bus (-1
     * before its start) and {@code startedAfter} the id after which it started publishing: the history starts after
     * the last event published before the hub listened, so every event in it reached the hub.
     */
    public RealtimeHub start(EventBus bus, LongSupplier lastPublished, LongSupplier startedAfter) {
        fromLog = true;
        offsets.set(0);
        historyStart = -1;
        topics.values().forEach(t -> t.startAfter(-1));
        subscription = bus.subscribe("realtime", "*", this::onEvent);
        long published = lastPublished.getAsLong();
        coverage = published >= 0 ? () -> published : startedAfter;
        cover();
        return this;
    }

    /**
     * Once the log's position is known, makes every topic's history start after it. Until then (the hub may start
     * before the log) no offset is resumed: clients get a reset.
     */
    private synchronized void cover() {
        if (covered || !fromLog) {
            return;
        }
        long through = coverage.getAsLong();
        if (through < 0) {
            return;
        }
        offsets.accumulateAndGet(through, Math::max);
        historyStart = through;
        for (TopicLog topic : topics.values()) {
            synchronized (topic.lock()) {
                topic.startAfter(through);
            }
        }
        covered = true;
    }

    /** The topics clients may follow by name (not those of families), sorted. */
    public Set<String> topics() {
        return new TreeSet<>(named);
    }

    /** Live connections. */
    public int connections() {
        return connections.size();
    }

    private void onEvent(Event event) {
        checkForDroppedEvents();
        if (fromLog && event.id() > 0) {
            offsets.accumulateAndGet(event.id(), Math::max);
        }
        List<PersonalTopic> gathering =
                personal.stream().filter(p -> p.gathers().test(event)).toList();
        if (gathering.isEmpty() && topic(event.topic()) == null) {
            return;
        }
        if (fromLog && event.id() <= 0) {
            LOG.warn(
                    "event {} on topic '{}' is not from the event log; real-time clients are not sent it",
                    event.type(),
                    event.topic());
            return;
        }
        long offset = fromLog ? event.id() : offsets.get() + 1;
        offsets.accumulateAndGet(offset, Math::max);
        appendTo(event.topic(), offset, Messages.event(event.topic(), offset, event), TopicLog.EVERYONE);
        for (PersonalTopic p : gathering) {
            appendTo(
                    p.name(),
                    offset,
                    Messages.event(p.name(), offset, event),
                    p.audience().apply(event));
        }
    }

    /** Appends to the topic {@code name} if it is one, looking it up again if it is dropped meanwhile. */
    private void appendTo(String name, long offset, Outgoing.Message message, Predicate<Subscriber> audience) {
        while (true) {
            TopicLog topic = topic(name);
            if (topic == null) {
                return;
            }
            synchronized (topic.lock()) {
                if (!topic.retired()) {
                    topic.append(offset, message, audience);
                    return;
                }
            }
        }
    }

    private void checkForDroppedEvents() {
        long dropped = subscription == null ? 0 : subscription.dropped();
        if (dropped != droppedSeen) {
            droppedSeen = dropped;
            LOG.warn("real-time hub fell behind the event bus; sending every subscriber a reset and a snapshot");
            historyStart = Math.max(historyStart, offsets.get());
            topics.values().forEach(t -> resetAll(t, "events were lost on this node; here is a fresh snapshot"));
        }
    }

    private void resetAll(TopicLog topic, String reason) {
        synchronized (topic.lock()) {
            long now = offsets.get();
            topic.forget(now);
            Outgoing.Message reset = Messages.reset(topic.name(), reason);
            for (Connection c : topic.subscribers()) {
                c.offer(reset);
                c.offer(Messages.snapshot(topic.name(), now, topic.snapshot(c.subscriber())));
            }
        }
    }

    /**
     * Sends {@code data} as a message of type {@code type} to the clients of topic {@code name} that {@code audience}
     * admits, now, without an offset and without keeping it: for what is not an event, such as the text of an answer
     * as it is written. It reaches only clients of this node; a topic nobody has needed on this node gets nothing.
     */
    public void push(String name, String type, Object data, Predicate<Subscriber> audience) {
        TopicLog topic = topics.get(name);
        if (topic == null) {
            return;
        }
        Outgoing.Message message = Messages.live(type, name, data);
        synchronized (topic.lock()) {
            if (!topic.retired()) {
                topic.send(message, audience);
            }
        }
    }

    /** Records that a message carrying an event of {@code eventAt} (epoch millis) was written to a client. */
    void delivered(Outgoing.Message m) {
        if (delivery != null && m.eventAt() >= 0) {
            delivery.record(Math.max(0, clock.millis() - m.eventAt()), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    void register(Connection c) {
        c.onTooSlow(tooSlow);
        connections.add(c);
        if (closed) {
            c.closeAs(GOING_AWAY, "server shutting down");
        }
    }

    /**
     * Subscribes {@code c} to {@code topicNames} from {@code since} (null = from now, with a snapshot). The client
     * gets first, for each topic whose history no longer reaches back that far (or whose backlog would not fit the
     * connection's queue), {@code reset} and a snapshot; then, in offset order, what the other topics have after
     * {@code since}; then {@code subscribed} per topic. Snapshots carry no SSE id, so a client that drops mid-way
     * resumes from an earlier id and can never skip what it has not seen. Returns the names that are not
     * topics (then nothing is subscribed).
     */
    List<String> subscribe(Connection c, List<String> topicNames, @Nullable Long since) {
        List<String> unknown = topicNames.stream().filter(n -> unknownTo(c, n)).toList();
        if (!unknown.isEmpty()) {
            return unknown;
        }
        cover();
        if (since != null) {
            awaitOffset(since);
        }
        boolean[] done = {false};
        while (!done[0]) {
            List<TopicLog> logs = topicNames.stream()
                    .distinct()
                    .sorted()
                    .map(this::topic)
                    .filter(Objects::nonNull)
                    .toList();
            lockAll(logs, 0, () -> {
                if (logs.stream().noneMatch(TopicLog::retired)) {
                    subscribeLocked(c, logs, since);
                    done[0] = true;
                }
            });
        }
        return List.of();
    }

    /**
     * Waits up to {@link #CATCH_UP} until this node has reached {@code offset}, when it comes from the log and is
     * ahead: another node gave it out, and this one's log reader is a few milliseconds behind.
     */
    private void awaitOffset(long offset) {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (fromLog && !closed && offsets.get() < offset && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void lockAll(List<TopicLog> logs, int from, Runnable action) {
        if (from == logs.size()) {
            action.run();
            return;
        }
        synchronized (logs.get(from).lock()) {
            lockAll(logs, from + 1, action);
        }
    }

    private void subscribeLocked(Connection c, List<TopicLog> logs, @Nullable Long since) {
        long now = offsets.get();
        List<Outgoing.Message> backlog = new ArrayList<>();
        List<TopicLog> behind = new ArrayList<>();
        for (TopicLog topic : logs) {
            List<Outgoing.Message> missed =
                    since == null ? List.of() : fromLog && !covered ? null : topic.after(since, now, c.subscriber());
            if (missed == null) {
                behind.add(topic);
            } else {
                backlog.addAll(missed);
            }
        }
        if (backlog.size() + 3 * logs.size() > c.capacity()) {
            behind = logs;
            backlog.clear();
        }
        for (TopicLog topic : logs) {
            if (behind.contains(topic)) {
                c.offer(Messages.reset(
                        topic.name(),
                        "offset " + since + " is older than the history kept for topic '"
                                + topic.name()
                                + "' (or not reached by this node, or more than this connection may queue); "
                                + "here is a fresh snapshot"));
            }
            if (since == null || behind.contains(topic)) {
                c.offer(Messages.snapshot(topic.name(), now, topic.snapshot(c.subscriber())));
            }
        }
        backlog.sort(Comparator.comparingLong(Outgoing.Message::offset));
        backlog.forEach(c::offer);
        for (TopicLog topic : logs) {
            c.offer(Messages.subscribed(topic.name(), now));
            topic.subscribers().add(c);
            c.topics().add(topic.name());
        }
    }

    /** Stops sending {@code topicName} to {@code c}; false if it was not subscribed. */
    boolean unsubscribe(Connection c, String topicName) {
        TopicLog topic = topics.get(topicName);
        c.topics().remove(topicName);
        return topic != null && topic.subscribers().remove(c);
    }

    /** Forgets {@code c} entirely. */
    void disconnect(Connection c) {
        for (String t : List.copyOf(c.topics())) {
            unsubscribe(c, t);
        }
        connections.remove(c);
    }

    /** Stops receiving events and closes every connection as going away. */
    @Override
    public void close() {
        closed = true;
        if (subscription != null) {
            subscription.close();
        }
        for (Connection c : connections) {
            c.closeAs(GOING_AWAY, "server shutting down");
        }
    }
}
