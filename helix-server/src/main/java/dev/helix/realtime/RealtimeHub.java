package dev.helix.realtime;

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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real-time hub: numbers every bus event of a known topic, keeps a bounded history per topic and fans messages
 * out to subscribed connections.
 *
 * <p>Implementation notes: offsets come from one counter for all topics on this node, so one number (the SSE
 * {@code Last-Event-ID}) resumes several topics at once; they increase per topic but need not be consecutive. The
 * counter starts at the start time in microseconds, so an offset from an earlier run is always older than the kept
 * history and gets a reset. Events arrive on one bus subscriber thread, in order; appending and subscribing to a
 * topic hold its lock, so a client's backlog always precedes live messages. If the bus ever drops events for the
 * hub, every topic's history is forgotten and subscribers get a reset — a gap is never silent.
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
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private EventBus.@Nullable Subscription subscription;
    private @Nullable Timer delivery;
    private Runnable tooSlow = () -> {};
    private long droppedSeen;
    private volatile boolean closed;

    public RealtimeHub(HelixConfig.Realtime config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.offsets = new AtomicLong(clock.millis() * 1000);
    }

    /** Makes {@code name} a topic clients may follow; {@code snapshot} gives its current content for resets. */
    public RealtimeHub topic(String name, Supplier<Object> snapshot) {
        topics.put(name, new TopicLog(name, snapshot, config.historySize(), config.historyAge(), clock, offsets.get()));
        return this;
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

    /** Starts receiving events from {@code bus}. */
    public RealtimeHub start(EventBus bus) {
        subscription = bus.subscribe("realtime", "*", this::onEvent);
        return this;
    }

    /** The topics clients may follow, sorted. */
    public Set<String> topics() {
        return new TreeSet<>(topics.keySet());
    }

    /** Live connections. */
    public int connections() {
        return connections.size();
    }

    private void onEvent(Event event) {
        checkForDroppedEvents();
        TopicLog topic = topics.get(event.topic());
        if (topic == null) {
            return;
        }
        synchronized (topic.lock()) {
            long offset = offsets.incrementAndGet();
            topic.append(offset, Messages.event(offset, event));
        }
    }

    private void checkForDroppedEvents() {
        long dropped = subscription == null ? 0 : subscription.dropped();
        if (dropped != droppedSeen) {
            droppedSeen = dropped;
            LOG.warn("real-time hub fell behind the event bus; sending every subscriber a reset and a snapshot");
            topics.values().forEach(t -> resetAll(t, "events were lost on this node; here is a fresh snapshot"));
        }
    }

    private void resetAll(TopicLog topic, String reason) {
        synchronized (topic.lock()) {
            long now = offsets.get();
            topic.forget(now);
            Outgoing.Message reset = Messages.reset(topic.name(), reason);
            Outgoing.Message snapshot = Messages.snapshot(topic.name(), now, topic.snapshot());
            for (Connection c : topic.subscribers()) {
                c.offer(reset);
                c.offer(snapshot);
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
        List<String> unknown =
                topicNames.stream().filter(n -> !topics.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            return unknown;
        }
        List<TopicLog> logs =
                topicNames.stream().distinct().sorted().map(topics::get).toList();
        lockAll(logs, 0, () -> subscribeLocked(c, logs, since));
        return List.of();
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
            List<Outgoing.Message> missed = since == null ? List.of() : topic.after(since, now);
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
                                + topic.name() + "' (or not from this server, or more than this connection may queue); "
                                + "here is a fresh snapshot"));
            }
            if (since == null || behind.contains(topic)) {
                c.offer(Messages.snapshot(topic.name(), now, topic.snapshot()));
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
