package dev.helix.conversations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Conversations meters: {@value #CREATED} (counter). */
public final class ConversationMetrics {
    /** Conversations created. */
    public static final String CREATED = "helix.conversations.created";

    private final Counter created;

    ConversationMetrics(MeterRegistry registry) {
        created = Counter.builder(CREATED).description("Conversations created").register(registry);
    }

    void created() {
        created.increment();
    }
}
