package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Agent message posted on node A → taken by a long poll on node B: for each message a long poll ({@code wait=10s})
 * is started on the next node after the poster's and given a moment to reach its wait, then the message is posted;
 * the sample is from just before the post is sent to the return of the long poll. The taker acknowledges each.
 */
final class CrossNodeMessages {
    private static final int WAIT_SECONDS = 10;
    private static final long SETTLE_MILLIS = 20;

    private final List<NodeClient> nodes;
    private final String agent;
    private final int messages;

    CrossNodeMessages(List<NodeClient> nodes, String agent, int messages) {
        this.nodes = nodes;
        this.agent = agent;
        this.messages = messages;
    }

    /** Sends the messages one at a time and prints one Markdown table row; true when every one was taken. */
    boolean run() throws Exception {
        long[] samples = new long[messages];
        try (ExecutorService takers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < messages; i++) {
                NodeClient poster = nodes.get(i % nodes.size());
                NodeClient taker = nodes.get((i + 1) % nodes.size());
                Future<Long> taken = takers.submit(() -> takeOne(taker));
                TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                long start = System.nanoTime();
                HttpResponse<String> res = poster.postMessage(agent, "bench", "{\"i\":" + i + "}");
                if (res.statusCode() != 202) {
                    throw new IllegalStateException("POST message answered " + res.statusCode() + ": " + res.body());
                }
                samples[i] = taken.get(WAIT_SECONDS + 5L, TimeUnit.SECONDS) - start;
            }
        }
        Latencies latencies = new Latencies(samples, messages);
        System.out.printf(
                "| message posted on one node → taken by a long poll on another | %d | %s | %s | %s | 0 |%n",
                messages, latencies.at(50), latencies.at(99), Latencies.ms(latencies.max()));
        return true;
    }

    private long takeOne(NodeClient taker) throws Exception {
        JsonNode got = taker.takeMessages(agent, 1, WAIT_SECONDS);
        long at = System.nanoTime();
        if (got.isEmpty()) {
            throw new IllegalStateException("no message taken within " + WAIT_SECONDS + " s");
        }
        taker.ack(agent, got.get(0).path("id").asText());
        return at;
    }
}
