package dev.helix.synthesis;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How synthesis runs.
 *
 * @param enabled           whether it runs at all
 * @param idleAfter         a conversation idle this long has its new messages read
 * @param everyMessages     ... or once it has this many new messages
 * @param maxMessagesPerRun most messages one run reads (the rest are read by the next)
 * @param topK              most similar memories a candidate is compared with
 * @param embeddingModel    a gateway model whose embeddings re-rank the similar memories, or empty for none
 * @param maxAttempts       attempts of a run before it fails for good
 * @param backoff           wait before the second attempt, doubled for each one after
 * @param dailyBudgetUsd    most US dollars runs spend in a UTC day on every node together; 0 for no cap
 * @param concurrency       most runs one node runs at once
 * @param pollInterval      how often a node looks for conversations due and runs to take
 */
public record SynthesisSettings(
        boolean enabled,
        Duration idleAfter,
        int everyMessages,
        int maxMessagesPerRun,
        int topK,
        String embeddingModel,
        int maxAttempts,
        Duration backoff,
        BigDecimal dailyBudgetUsd,
        int concurrency,
        Duration pollInterval) {}
