package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The stream a node is killed in the middle of: {@code count} operations, alternately a state patch and an agent
 * message, sent round-robin to the nodes by a few threads. Each acknowledged one (a 2xx answer) is appended to the
 * acknowledgement file at once, as {@code state <version>} or {@code message <id>}, so the file is complete up to the
 * moment of a kill. Operations a dead node cannot answer fail fast and are counted, not retried.
 */
final class CrashStream {
    private static final String[] KINDS = {"state", "message"};
    private static final int SENT = 0;
    private static final int ACKNOWLEDGED = 1;
    private static final int REFUSED = 2;
    private static final int NO_ANSWER = 3;

    private final List<NodeClient> nodes;
    private final String agent;
    private final int count;
    private final int threads;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicIntegerArray tallies = new AtomicIntegerArray(KINDS.length * 4);
    private final Map<String, AtomicInteger> refusals = new ConcurrentSkipListMap<>();

    CrashStream(List<NodeClient> nodes, String agent, int count, int threads) {
        this.nodes = nodes;
        this.agent = agent;
        this.count = count;
        this.threads = threads;
    }

    /** Sends the stream, appending acknowledgements to {@code acks}, and prints the counts as Markdown rows. */
    void run(Path acks) throws IOException, InterruptedException, ExecutionException {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(acks, StandardCharsets.UTF_8))) {
            List<Future<Void>> senders = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
                for (int t = 0; t < threads; t++) {
                    senders.add(pool.submit(() -> sendUntilDone(out)));
                }
            }
            for (Future<Void> sender : senders) {
                sender.get();
            }
        }
        for (int kind = 0; kind < KINDS.length; kind++) {
            System.out.printf(
                    "| %s | %d | %d | %d%s | %d |%n",
                    kind == 0 ? "state writes (`PATCH /api/v1/state`)" : "agent messages (`POST …/messages`)",
                    tally(kind, SENT),
                    tally(kind, ACKNOWLEDGED),
                    tally(kind, REFUSED),
                    refusedStatuses(kind),
                    tally(kind, NO_ANSWER));
        }
    }

    private Void sendUntilDone(PrintWriter out) throws IOException, InterruptedException {
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
            sendOne(i, out);
        }
        return null;
    }

    /** Sends operation {@code i} and counts how it went; an acknowledged one is appended to {@code out}. */
    private void sendOne(int i, PrintWriter out) throws IOException, InterruptedException {
        int kind = i % KINDS.length;
        count(kind, SENT);
        HttpResponse<String> res;
        try {
            res = send(nodes.get(i % nodes.size()), kind, i);
        } catch (IOException e) {
            count(kind, NO_ANSWER);
            return;
        }
        if (res.statusCode() / 100 != 2) {
            count(kind, REFUSED);
            refusals.computeIfAbsent(KINDS[kind] + " " + res.statusCode(), s -> new AtomicInteger())
                    .incrementAndGet();
            return;
        }
        String ack = acknowledged(kind, res);
        synchronized (out) {
            out.println(KINDS[kind] + " " + ack);
            out.flush();
        }
        count(kind, ACKNOWLEDGED);
    }

    private HttpResponse<String> send(NodeClient node, int kind, int i) throws IOException, InterruptedException {
        return kind == 0
                ? node.patchState("{\"crash\":{\"i\":" + i + "}}")
                : node.postMessage(agent, "crash", "{\"i\":" + i + "}");
    }

    /** What identifies an acknowledged operation: the state version written (its ETag) or the message id. */
    private static String acknowledged(int kind, HttpResponse<String> res) throws IOException {
        if (kind == 0) {
            return res.headers().firstValue("ETag").orElseThrow().replace("\"", "");
        }
        JsonNode body = NodeClient.json(res, res.statusCode());
        return body.path("id").asText();
    }

    /** The statuses of the refused operations of {@code kind}, e.g. {@code " (412: 30)"}, or "" without any. */
    private String refusedStatuses(int kind) {
        StringBuilder out = new StringBuilder();
        refusals.forEach((what, n) -> {
            if (what.startsWith(KINDS[kind] + " ")) {
                out.append(out.isEmpty() ? " (" : ", ")
                        .append(what.substring(KINDS[kind].length() + 1))
                        .append(": ")
                        .append(n.get());
            }
        });
        return out.isEmpty() ? "" : out.append(')').toString();
    }

    private void count(int kind, int what) {
        tallies.incrementAndGet(kind * 4 + what);
    }

    private int tally(int kind, int what) {
        return tallies.get(kind * 4 + what);
    }
}
