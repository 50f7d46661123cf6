package dev.helix.conversations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Conversations meters: {@value #CREATED}; {@value #MESSAGES} by {@code role}; {@value #ANSWERS} by {@code status}
 * (how answers ended); the timer {@value #ANSWER_LATENCY}, from a message stored to its answer stored, by
 * {@code status}.
 */
public final class ConversationMetrics {
    /**
     * Conversations created. (Not {@code …created}: Prometheus' exposition takes a {@code _created} suffix for a
     * counter's creation time and drops it.)
     */
    public static final String CREATED = "helix.conversations.started";
    /** Messages stored, by role. */
    public static final String MESSAGES = "helix.conversations.messages";
    /** Answers ended, by status. */
    public static final String ANSWERS = "helix.conversations.answers";
    /** From a message stored to its answer stored, by status. */
    public static final String ANSWER_LATENCY = "helix.conversations.answer.latency";

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofSeconds(300)
    };

    private final Counter created;
    private final Map<Message.Role, Counter> messages = new EnumMap<>(Message.Role.class);
    private final Map<Message.Status, Counter> answers = new EnumMap<>(Message.Status.class);
    private final Map<Message.Status, Timer> latency = new EnumMap<>(Message.Status.class);

    ConversationMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        created = Counter.builder(CREATED).description("Conversations created").register(registry);
        for (Message.Role role : Message.Role.values()) {
            messages.put(
                    role,
                    Counter.builder(MESSAGES)
                            .description("Conversation messages stored, by role")
                            .tag("role", role.id())
                            .register(registry));
        }
        for (Message.Status status : Message.Status.values()) {
            if (status.open()) {
                continue;
            }
            answers.put(status, answerCounter(registry, status));
            latency.put(
                    status,
                    Timer.builder(ANSWER_LATENCY)
                            .description("From a message stored to its answer stored, by how the answer ended")
                            .tag("status", status.id())
                            .serviceLevelObjectives(LATENCY_BUCKETS)
                            .register(registry));
        }
    }

    private static Counter answerCounter(MeterRegistry registry, Message.Status status) {
        return Counter.builder(ANSWERS)
                .description("Agents' answers in conversations, by how they ended")
                .tag("status", status.id())
                .register(registry);
    }

    void created() {
        created.increment();
    }

    void stored(Message.Role role) {
        Objects.requireNonNull(messages.get(role), role.id()).increment();
    }

    /** An answer ended as {@code status}, {@code millis} after its message was stored. */
    void answered(Message.Status status, long millis) {
        Counter counter = answers.get(status);
        Timer timer = latency.get(status);
        if (counter != null && timer != null) {
            counter.increment();
            timer.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        }
    }
}
