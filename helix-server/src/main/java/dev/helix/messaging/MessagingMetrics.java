package dev.helix.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Messaging meters. Counters by {@code priority}: {@value #POSTED}, {@value #TAKEN}, {@value #ACKED},
 * {@value #REDELIVERED}, {@value #EXPIRED}. The gauge {@value #DEPTH} by {@code agent} and {@code priority}: messages
 * that could be taken now, refreshed with every prune; only agents that exist are tagged, so the series stay few.
 * The gauge {@value #WAITING}: long polls waiting on this node now.
 */
public final class MessagingMetrics {
    /** Messages waiting to be taken, by agent and priority (gauge). */
    public static final String DEPTH = "helix.messaging.depth";
    /** Messages posted, replies included. */
    public static final String POSTED = "helix.messaging.posted";
    /** Deliveries: each time a message is taken, redeliveries included. */
    public static final String TAKEN = "helix.messaging.taken";
    /** Messages acknowledged. */
    public static final String ACKED = "helix.messaging.acked";
    /** Deliveries of a message taken before (its visibility ran out, or it was released). */
    public static final String REDELIVERED = "helix.messaging.redelivered";
    /** Messages that expired unacknowledged and were pruned. */
    public static final String EXPIRED = "helix.messaging.expired";
    /** Long polls waiting for a message (or a reply) on this node now (gauge). */
    public static final String WAITING = "helix.messaging.waiting";

    private final MeterRegistry registry;
    private final Map<Priority, Counter> posted;
    private final Map<Priority, Counter> taken;
    private final Map<Priority, Counter> acked;
    private final Map<Priority, Counter> redelivered;
    private final Counter expired;
    private final ConcurrentMap<String, AtomicLong> depths = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();

    MessagingMetrics(MeterRegistry registry) {
        this.registry = registry;
        posted = counters(POSTED, "Messages posted to agents' mailboxes, by priority");
        taken = counters(TAKEN, "Messages taken from agents' mailboxes (each delivery), by priority");
        acked = counters(ACKED, "Messages acknowledged, by priority");
        redelivered = counters(REDELIVERED, "Deliveries of messages taken before, by priority");
        expired = Counter.builder(EXPIRED)
                .description("Messages that expired unacknowledged and were pruned")
                .register(registry);
        Gauge.builder(WAITING, waiting, AtomicInteger::get)
                .description("Long polls waiting for a message or a reply on this node")
                .register(registry);
    }

    /** A long poll starts waiting; {@link #stoppedWaiting()} when it stops. */
    void startedWaiting() {
        waiting.incrementAndGet();
    }

    void stoppedWaiting() {
        waiting.decrementAndGet();
    }

    private Map<Priority, Counter> counters(String name, String description) {
        Map<Priority, Counter> out = new EnumMap<>(Priority.class);
        for (Priority p : Priority.values()) {
            out.put(
                    p,
                    Counter.builder(name)
                            .description(description)
                            .tag("priority", p.id())
                            .register(registry));
        }
        return out;
    }

    void posted(Priority p) {
        counter(posted, p).increment();
    }

    void taken(List<Message> messages) {
        for (Message m : messages) {
            counter(taken, m.priority()).increment();
            if (m.deliveryCount() > 1) {
                counter(redelivered, m.priority()).increment();
            }
        }
    }

    void acked(Priority p) {
        counter(acked, p).increment();
    }

    /** The counter of {@code p} in {@code counters}, which has one for every priority. */
    private static Counter counter(Map<Priority, Counter> counters, Priority p) {
        return Objects.requireNonNull(counters.get(p), p.id());
    }

    void expired(int count) {
        expired.increment(count);
    }

    /**
     * Sets the depth gauges of {@code agents} from {@code counts}; any agent and priority not counted (agents
     * removed since included) is 0.
     */
    void depths(Collection<String> agents, List<MailboxStore.Depth> counts) {
        Map<String, Long> fresh = new HashMap<>();
        for (MailboxStore.Depth d : counts) {
            fresh.put(d.agent() + ' ' + Priority.ofRank(d.rank()).id(), d.count());
        }
        for (String agent : agents) {
            for (Priority p : Priority.values()) {
                depth(agent, p);
            }
        }
        depths.forEach((key, value) -> value.set(fresh.getOrDefault(key, 0L)));
    }

    private AtomicLong depth(String agent, Priority p) {
        return depths.computeIfAbsent(agent + ' ' + p.id(), k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(DEPTH, value, AtomicLong::get)
                    .description("Messages waiting to be taken, by agent and priority")
                    .tag("agent", agent)
                    .tag("priority", p.id())
                    .register(registry);
            return value;
        });
    }
}
