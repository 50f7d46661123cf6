package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load tool for Helix's real-time fan-out: N WebSocket clients follow the {@code state} topic while one writer
 * changes the shared state M times; every (client, change) pair gives a write-to-receipt latency, and every client
 * must receive every change exactly once and in order. Prints a Markdown table on stdout, progress on stderr.
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.RealtimeFanout --url http://127.0.0.1:8080 --clients 1000 --changes 200 --interval-ms 20
 * </pre>
 *
 * <p>Exit status: 0 when every client subscribed and got every change exactly once in order, 2 when the run
 * finished but something was missing, duplicated, out of order or refused (the table says what), 1 on bad usage.
 *
 * <p>Implementation notes: each change is a {@code PATCH /api/v1/state} whose merge patch carries the writer's
 * {@code System.nanoTime()} and the change's index ({@code {"bench":{"t":…,"i":…}}}); the server's event carries
 * that patch back, so the latency is the receiving client's {@code nanoTime()} minus {@code t}, one clock in one
 * process. The receipt time is taken when the last fragment of a message arrives, before it is parsed. Clients are
 * spread over a few shared {@link HttpClient}s (each has one selector thread) that run callbacks on virtual
 * threads; the JDK calls one WebSocket's listener sequentially, and a subscriber's own monitor guards its counters
 * so the main thread reads them safely at the end.
 */
public final class RealtimeFanout {
    private static final Set<String> OPTIONS = Set.of(
            "url",
            "clients",
            "changes",
            "interval-ms",
            "http-clients",
            "connect-concurrency",
            "connect-timeout-s",
            "drain-s");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"topic\":\"state\",\"since\":null}";
    private static final int MAX_EXAMPLES = 5;

    private final URI base;
    private final String key;
    private final int clients;
    private final int changes;
    private final int intervalMillis;
    private final int httpClients;
    private final int connectConcurrency;
    private final int connectTimeoutSeconds;
    private final int drainSeconds;

    private final Subscriber[] subscribers;
    private final long[] latencies;
    private final long[] patchNanos;
    private final boolean[] accepted;
    private final CountDownLatch settled;
    private final CountDownLatch complete;
    private final AtomicInteger subscribed = new AtomicInteger();
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger problems = new AtomicInteger();
    private int patchFailures;
    private long connectNanos;
    private long writeStart;
    private long writeEnd;
    private long drainNanos;

    private RealtimeFanout(BenchArgs args) {
        this.base = args.loopbackUrl();
        this.key = BenchArgs.apiKey();
        this.clients = args.number("clients", "BENCH_CLIENTS", 1000, 1);
        this.changes = args.number("changes", "BENCH_CHANGES", 200, 1);
        this.intervalMillis = args.number("interval-ms", "BENCH_INTERVAL_MS", 20, 0);
        this.httpClients = Math.min(clients, args.number("http-clients", null, 4, 1));
        this.connectConcurrency = args.number("connect-concurrency", null, 100, 1);
        this.connectTimeoutSeconds = args.number("connect-timeout-s", null, 60, 1);
        this.drainSeconds = args.number("drain-s", null, 15, 1);
        this.subscribers = new Subscriber[clients];
        this.latencies = new long[Math.multiplyExact(clients, changes)];
        Arrays.fill(latencies, -1);
        this.patchNanos = new long[changes];
        this.accepted = new boolean[changes];
        this.settled = new CountDownLatch(clients);
        this.complete = new CountDownLatch(clients);
    }

    public static void main(String[] args) throws InterruptedException {
        RealtimeFanout fanout;
        try {
            fanout = new RealtimeFanout(BenchArgs.parse(args, OPTIONS));
        } catch (IllegalArgumentException | ArithmeticException e) {
            System.err.println("fanout: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(fanout.run());
    }

    private int run() throws InterruptedException {
        ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient[] pool = new HttpClient[httpClients];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = HttpClient.newBuilder()
                    .executor(callbacks)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        }
        try {
            boolean allSubscribed = connectAll(pool);
            if (subscribed.get() > 0) {
                writeChanges();
                drain();
            }
            closeAll();
            Totals totals = totals();
            printReport(totals);
            return allSubscribed && patchFailures == 0 && problems.get() == 0 && totals.missing() == 0 ? 0 : 2;
        } finally {
            for (HttpClient c : pool) {
                c.shutdownNow();
            }
            callbacks.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------- phases

    /** Opens every client, at most {@code connectConcurrency} handshakes at once; true if all got a snapshot. */
    private boolean connectAll(HttpClient[] pool) throws InterruptedException {
        URI ws = URI.create("ws://" + base.getRawAuthority() + "/api/v1/realtime");
        Semaphore inFlight = new Semaphore(connectConcurrency);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(connectTimeoutSeconds);
        progress(
                "opening %d WebSocket clients on %d HttpClients (%d handshakes at a time) ...",
                clients, pool.length, connectConcurrency);
        for (int c = 0; c < clients; c++) {
            Subscriber s = new Subscriber(c);
            subscribers[c] = s;
            if (!inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                s.failed(new TimeoutException("not started within " + connectTimeoutSeconds + " s"));
                continue;
            }
            s.connectStart = System.nanoTime();
            CompletableFuture<WebSocket> unused = pool[c % pool.length]
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + key)
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(ws, s)
                    .whenComplete((w, err) -> {
                        inFlight.release();
                        if (err != null) {
                            s.failed(err);
                        }
                    });
        }
        boolean all = settled.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        connectNanos = System.nanoTime() - start;
        progress("%d/%d clients subscribed in %s ms", subscribed.get(), clients, Latencies.ms(connectNanos));
        return all && subscribed.get() == clients;
    }

    /** Sends the changes, one every {@code intervalMillis}, each timed from just before it is sent. */
    private void writeChanges() throws InterruptedException {
        progress("writing %d state changes, one every %d ms ...", changes, intervalMillis);
        URI state = base.resolve("/api/v1/state");
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            writeStart = System.nanoTime();
            for (int i = 0; i < changes; i++) {
                sleepUntil(writeStart + TimeUnit.MILLISECONDS.toNanos((long) i * intervalMillis));
                long t = System.nanoTime();
                HttpRequest req = HttpRequest.newBuilder(state)
                        .method(
                                "PATCH",
                                HttpRequest.BodyPublishers.ofString("{\"bench\":{\"t\":" + t + ",\"i\":" + i + "}}"))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/merge-patch+json")
                        .header("If-Match", "*")
                        .timeout(Duration.ofSeconds(10))
                        .build();
                patch(http, req, i, t);
            }
            writeEnd = System.nanoTime();
        }
    }

    private void patch(HttpClient http, HttpRequest req, int i, long t) throws InterruptedException {
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            patchNanos[i] = System.nanoTime() - t;
            if (res.statusCode() == 200) {
                accepted[i] = true;
                return;
            }
            problem("PATCH " + i + " answered " + res.statusCode() + ": " + abbreviate(res.body()));
        } catch (IOException e) {
            patchNanos[i] = System.nanoTime() - t;
            problem("PATCH " + i + " failed: " + e);
        }
        patchFailures++;
    }

    /** Waits until every live client has every accepted change, at most {@code drainSeconds}. */
    private void drain() throws InterruptedException {
        int expected = 0;
        for (boolean a : accepted) {
            expected += a ? 1 : 0;
        }
        if (expected < changes) {
            // clients cannot complete: the missing changes were never made; just let the last ones arrive
            Thread.sleep(Math.min(2000, TimeUnit.SECONDS.toMillis(drainSeconds)));
        } else if (!complete.await(drainSeconds, TimeUnit.SECONDS)) {
            progress("not every client had every change %d s after the last write", drainSeconds);
        }
        drainNanos = System.nanoTime() - writeEnd;
    }

    private void closeAll() {
        progress("closing the clients ...");
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
        for (Subscriber s : subscribers) {
            WebSocket ws = s.socket();
            if (ws != null && !ws.isOutputClosed()) {
                s.closedByUs = true;
                closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            progress(
                    "not every close was sent within 5 s (%s); aborting the rest",
                    e.getClass().getSimpleName());
        }
        for (Subscriber s : subscribers) {
            WebSocket ws = s.socket();
            if (ws != null) {
                ws.abort();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------- report

    private void printReport(Totals t) {
        Latencies receipt = new Latencies(t.samples, t.sampleCount);
        Latencies handshake = new Latencies(t.handshakes, t.handshakeCount);
        Latencies patch = new Latencies(acceptedPatchNanos(), acceptedCount());
        Latencies lastReceipt = new Latencies(t.lastPerChange, t.lastPerChangeCount);
        long expected = (long) acceptedCount() * subscribed.get();
        StringBuilder md = new StringBuilder();
        md.append("| Measure | Value |\n| --- | ---: |\n");
        row(md, "Clients subscribed (snapshot received) / opened", subscribed.get() + " / " + clients);
        row(md, "Open and subscribe all clients, wall time", Latencies.ms(connectNanos) + " ms");
        row(
                md,
                "WebSocket handshake p50 / p99 / max (ms)",
                handshake.at(50, 99) + " / " + Latencies.ms(handshake.max()));
        row(
                md,
                "State changes accepted / sent (PATCH, one every " + intervalMillis + " ms)",
                acceptedCount() + " / " + changes);
        row(md, "Writer PATCH latency p50 / p99 / max (ms)", patch.at(50, 99) + " / " + Latencies.ms(patch.max()));
        row(
                md,
                "Events delivered / expected (clients × accepted changes)",
                String.format(Locale.ROOT, "%,d / %,d", t.delivered, expected));
        row(md, "Missing / duplicate / out of order", t.missing + " / " + t.duplicates + " / " + t.outOfOrder);
        row(md, "Write-to-receipt p50 / p90 / p99 (ms)", receipt.at(50, 90, 99));
        row(md, "Write-to-receipt p99.9 / max (ms)", receipt.at(99.9) + " / " + Latencies.ms(receipt.max()));
        row(
                md,
                "Change reached every client (slowest receipt per change) median / max (ms)",
                lastReceipt.at(50) + " / " + Latencies.ms(lastReceipt.max()));
        row(md, "Delivery rate, first write to last receipt (events/s)", rate(t, writeStart));
        row(md, "Other problems (errors, resets, closes, refused connections)", Integer.toString(t.otherProblems));
        System.out.print(md);
        System.out.flush();
        examples.forEach(e -> progress("problem: %s", e));
        progress(
                "delivered %,d of %,d events; p50 %s ms, p99 %s ms, max %s ms; drained %s ms after the last write",
                t.delivered,
                expected,
                receipt.at(50),
                receipt.at(99),
                Latencies.ms(receipt.max()),
                Latencies.ms(drainNanos));
    }

    private record Totals(
            long[] samples,
            int sampleCount,
            long[] handshakes,
            int handshakeCount,
            long[] lastPerChange,
            int lastPerChangeCount,
            long delivered,
            long missing,
            long duplicates,
            long outOfOrder,
            int otherProblems,
            long lastReceiptAt) {}

    private Totals totals() {
        long[] samples = new long[latencies.length];
        long[] handshakes = new long[clients];
        long[] last = new long[changes];
        Arrays.fill(last, -1);
        int n = 0;
        int h = 0;
        long missing = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        int other = 0;
        long lastReceiptAt = writeStart;
        for (Subscriber s : subscribers) {
            synchronized (s) {
                lastReceiptAt = Math.max(lastReceiptAt, s.lastReceiptAt);
                if (s.openedAt > 0) {
                    handshakes[h++] = s.openedAt - s.connectStart;
                }
                duplicates += s.duplicates;
                outOfOrder += s.outOfOrder;
                other += s.otherProblems;
                for (int i = 0; i < changes; i++) {
                    long v = latencies[s.index * changes + i];
                    if (v >= 0) {
                        samples[n++] = v;
                        last[i] = Math.max(last[i], v);
                    } else if (accepted[i] && s.snapshotAt > 0) {
                        missing++;
                    }
                }
            }
        }
        long[] lastAccepted = Arrays.stream(last).filter(v -> v >= 0).toArray();
        return new Totals(
                samples,
                n,
                handshakes,
                h,
                lastAccepted,
                lastAccepted.length,
                n,
                missing,
                duplicates,
                outOfOrder,
                other,
                lastReceiptAt);
    }

    private static String rate(Totals t, long start) {
        double seconds = (t.lastReceiptAt() - start) / 1e9;
        return t.delivered() == 0 || seconds <= 0 ? "–" : String.format(Locale.ROOT, "%,.0f", t.delivered() / seconds);
    }

    private int acceptedCount() {
        int n = 0;
        for (boolean a : accepted) {
            n += a ? 1 : 0;
        }
        return n;
    }

    private long[] acceptedPatchNanos() {
        long[] out = new long[changes];
        int n = 0;
        for (int i = 0; i < changes; i++) {
            if (accepted[i]) {
                out[n++] = patchNanos[i];
            }
        }
        return out;
    }

    private static void row(StringBuilder md, String measure, String value) {
        md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private void problem(String what) {
        if (problems.incrementAndGet() <= MAX_EXAMPLES) {
            examples.add(what);
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("fanout: " + String.format(Locale.ROOT, format, args));
    }

    private static String abbreviate(String text) {
        String one = text == null ? "" : text.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait = nanoTime - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    // ------------------------------------------------------------------------------------------------- one client

    /** One WebSocket client: subscribes to {@code state}, then checks and times every change it receives. */
    private final class Subscriber implements WebSocket.Listener {
        final int index;
        private final StringBuilder partial = new StringBuilder();
        private final BitSet seen = new BitSet();
        private WebSocket socket;
        volatile boolean closedByUs;
        long connectStart;
        long openedAt;
        long snapshotAt;
        long lastReceiptAt = Long.MIN_VALUE;
        int received;
        int duplicates;
        int outOfOrder;
        int otherProblems;
        private int lastIndex = -1;
        private long lastOffset = Long.MIN_VALUE;
        private boolean settledOnce;
        private boolean completedOnce;

        Subscriber(int index) {
            this.index = index;
        }

        synchronized WebSocket socket() {
            return socket;
        }

        @Override
        public synchronized void onOpen(WebSocket ws) {
            socket = ws;
            openedAt = System.nanoTime();
            CompletableFuture<WebSocket> unused = ws.sendText(SUBSCRIBE, true);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            long now = System.nanoTime();
            synchronized (this) {
                partial.append(data);
                if (last) {
                    String message = partial.toString();
                    partial.setLength(0);
                    handle(message, now);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (!closedByUs) {
                trouble("client " + index + " was closed by the server: " + code + " " + reason);
            }
            finish();
            return null;
        }

        @Override
        public synchronized void onError(WebSocket ws, Throwable error) {
            if (!closedByUs) {
                trouble("client " + index + " failed: " + error);
            }
            finish();
        }

        synchronized void failed(Throwable error) {
            Throwable cause = error.getCause() != null ? error.getCause() : error;
            trouble("client " + index + " could not connect: " + cause);
            finish();
        }

        private void handle(String message, long now) {
            JsonNode msg;
            try {
                msg = JSON.readTree(message);
            } catch (IOException e) {
                trouble("client " + index + " got a message that is not JSON: " + abbreviate(message));
                return;
            }
            switch (msg.path("type").asText("")) {
                case "subscribed" -> {}
                case "snapshot" -> snapshot(now);
                case "event" -> event(msg, now);
                default -> trouble("client " + index + " got " + abbreviate(message));
            }
        }

        private void snapshot(long now) {
            if (snapshotAt != 0) {
                trouble("client " + index + " got a second snapshot");
                return;
            }
            snapshotAt = now;
            subscribed.incrementAndGet();
            settle();
        }

        private void event(JsonNode msg, long now) {
            long offset = msg.path("offset").asLong(Long.MIN_VALUE);
            if (offset <= lastOffset) {
                trouble("client " + index + " got offset " + offset + " after " + lastOffset);
            }
            lastOffset = Math.max(lastOffset, offset);
            JsonNode bench = msg.path("data").path("patch").path("bench");
            if (!bench.path("i").canConvertToInt() || !bench.path("t").canConvertToLong()) {
                trouble("client " + index + " got an event that is not a benchmark change: "
                        + abbreviate(msg.toString()));
                return;
            }
            received(bench.path("i").asInt(), bench.path("t").asLong(), now);
        }

        private void received(int i, long sentAt, long now) {
            if (i < 0 || i >= changes) {
                trouble("client " + index + " got change " + i + ", which was never sent");
            } else if (seen.get(i)) {
                duplicates++;
                problem("client " + index + " got change " + i + " twice");
            } else {
                seen.set(i);
                latencies[index * changes + i] = now - sentAt;
                lastReceiptAt = Math.max(lastReceiptAt, now);
                if (i < lastIndex) {
                    outOfOrder++;
                    problem("client " + index + " got change " + i + " after change " + lastIndex);
                }
                lastIndex = Math.max(lastIndex, i);
                if (++received == changes) {
                    finish();
                }
            }
        }

        private void trouble(String what) {
            otherProblems++;
            problem(what);
        }

        private void settle() {
            if (!settledOnce) {
                settledOnce = true;
                settled.countDown();
            }
        }

        /** This client will get nothing more: counts it as settled and complete. */
        private void finish() {
            settle();
            if (!completedOnce) {
                completedOnce = true;
                complete.countDown();
            }
        }
    }
}
