package dev.helix.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Write on one node → pushed to a WebSocket client on another: one {@link StateFollower} per node, and state
 * patches written on each node in turn, one every {@code intervalMillis}; every change gives one sample for each
 * follower on another node than the writer's: its arrival there minus the {@code System.nanoTime()} taken just before
 * the patch was sent (one clock, one process).
 */
final class CrossNodePush {
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final List<NodeClient> nodes;
    private final int changes;
    private final int intervalMillis;

    CrossNodePush(List<NodeClient> nodes, int changes, int intervalMillis) {
        this.nodes = nodes;
        this.changes = changes;
        this.intervalMillis = intervalMillis;
    }

    /** Runs the changes and prints one Markdown table row; true when every follower got every change. */
    boolean run() throws Exception {
        HttpClient http = NodeClient.newHttpClient();
        List<StateFollower> followers = new ArrayList<>();
        try {
            for (NodeClient node : nodes) {
                followers.add(StateFollower.connect(node, http));
            }
            long[] sent = write();
            long[] samples = new long[changes * (nodes.size() - 1)];
            int count = collect(followers, sent, samples);
            int expected = samples.length;
            Latencies latencies = new Latencies(samples, count);
            System.out.printf(
                    "| write on one node → WebSocket client on another | %d | %s | %s | %s | %d |%n",
                    count, latencies.at(50), latencies.at(99), Latencies.ms(latencies.max()), expected - count);
            return count == expected;
        } finally {
            followers.forEach(StateFollower::close);
            http.shutdownNow();
        }
    }

    private long[] write() throws Exception {
        long[] sent = new long[changes];
        long start = System.nanoTime();
        for (int i = 0; i < changes; i++) {
            long due = start + TimeUnit.MILLISECONDS.toNanos((long) i * intervalMillis);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sent[i] = System.nanoTime();
            HttpResponse<String> res = writer(i).patchState("{\"bench\":{\"i\":" + i + "}}");
            if (res.statusCode() != 200) {
                throw new IllegalStateException("PATCH answered " + res.statusCode() + ": " + res.body());
            }
        }
        return sent;
    }

    private NodeClient writer(int change) {
        return nodes.get(change % nodes.size());
    }

    /** Fills {@code samples} with the cross-node latencies that arrived within the drain time; answers how many. */
    private int collect(List<StateFollower> followers, long[] sent, long[] samples) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_NANOS;
        int count;
        do {
            count = 0;
            for (int i = 0; i < changes; i++) {
                for (int f = 0; f < followers.size(); f++) {
                    Long at = f == i % nodes.size() ? null : followers.get(f).arrival(i);
                    if (at != null) {
                        samples[count++] = at - sent[i];
                    }
                }
            }
            if (count < samples.length) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } while (count < samples.length && System.nanoTime() < deadline);
        return count;
    }
}
