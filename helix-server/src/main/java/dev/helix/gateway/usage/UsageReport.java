package dev.helix.gateway.usage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.helix.internal.Money;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A usage report: the query's range, grouping and filters (the key, agent and task when the report is for one), a row
 * per group (sorted by group, none last) and the total.
 */
record UsageReport(
        Instant from,
        Instant to,
        String groupBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String keyId,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String agent,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String task,
        List<Row> rows,
        Totals total) {

    /** Of the errors, the requests the gateway refused without calling a provider, by {@link Refusal reason}. */
    record Refused(long budget, long rpm, long tpm, long invalid) {
        static final Refused NONE = new Refused(0, 0, 0, 0);

        Refused plus(Refused o) {
            return new Refused(budget + o.budget, rpm + o.rpm, tpm + o.tpm, invalid + o.invalid);
        }
    }

    /** The figures of one group; cost is kept in nano-dollars and shown in dollars. */
    @JsonPropertyOrder({
        "group",
        "requests",
        "promptTokens",
        "completionTokens",
        "cachedTokens",
        "reasoningTokens",
        "costUsd",
        "cacheHits",
        "errors",
        "failedAnswers",
        "refused"
    })
    record Row(
            UsageGroup group,
            long requests,
            long promptTokens,
            long completionTokens,
            long cachedTokens,
            long reasoningTokens,
            @JsonIgnore long costNanos,
            long cacheHits,
            long errors,
            long failedAnswers,
            Refused refused) {
        @JsonProperty("costUsd")
        @JsonSerialize(using = Money.Serializer.class)
        double costUsd() {
            return Money.toUsd(costNanos);
        }
    }

    /** The figures of all rows together. */
    @JsonPropertyOrder({
        "requests",
        "promptTokens",
        "completionTokens",
        "cachedTokens",
        "reasoningTokens",
        "costUsd",
        "cacheHits",
        "errors",
        "failedAnswers",
        "refused"
    })
    record Totals(
            long requests,
            long promptTokens,
            long completionTokens,
            long cachedTokens,
            long reasoningTokens,
            @JsonIgnore long costNanos,
            long cacheHits,
            long errors,
            long failedAnswers,
            Refused refused) {
        @JsonProperty("costUsd")
        @JsonSerialize(using = Money.Serializer.class)
        double costUsd() {
            return Money.toUsd(costNanos);
        }
    }

    static UsageReport of(UsageQuery q, List<Row> rows) {
        List<Row> sorted =
                rows.stream().sorted(Comparator.comparing(Row::group)).toList();
        Totals total = new Totals(
                sum(rows, Row::requests),
                sum(rows, Row::promptTokens),
                sum(rows, Row::completionTokens),
                sum(rows, Row::cachedTokens),
                sum(rows, Row::reasoningTokens),
                sum(rows, Row::costNanos),
                sum(rows, Row::cacheHits),
                sum(rows, Row::errors),
                sum(rows, Row::failedAnswers),
                rows.stream().map(Row::refused).reduce(Refused.NONE, Refused::plus));
        return new UsageReport(q.from(), q.to(), q.groupByIds(), q.keyId(), q.agent(), q.task(), sorted, total);
    }

    private static long sum(List<Row> rows, ToLongFunction<Row> field) {
        return rows.stream().mapToLong(field).sum();
    }
}
