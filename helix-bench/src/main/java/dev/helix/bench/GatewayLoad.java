package dev.helix.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop load generator for {@code POST /v1/chat/completions}: requests are due at fixed times,
 * {@code --rate} a second, whether or not earlier ones have been answered, and each latency is measured from the
 * time the request was due (not from when it could be sent), so a slow server cannot hide its queueing by slowing
 * the generator down (no coordinated omission). Prints one Markdown table row on stdout, progress on stderr.
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -Xmx1g -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.GatewayLoad --kind helix --url http://127.0.0.1:8080 --mock http://127.0.0.1:8092 \
 *     --model slow --rate 5000 --warmup-s 10 --duration-s 60 --connections 8000 --upstream-ms 1500
 * </pre>
 *
 * <p>Before the clock starts it opens {@code --connections} keep-alive connections (TCP_NODELAY), at most
 * {@code --connect-concurrency} at a time. A dispatcher thread then starts one virtual thread per request at its due
 * time; that thread takes an idle connection (or opens a new one when none is idle, counted), writes the request,
 * reads the whole answer with {@link RawHttp} and gives the connection back. Requests due in the first
 * {@code --warmup-s} seconds are sent but not counted; the next {@code --duration-s} seconds are measured. A request
 * succeeds when it is answered 200 with a whole body within {@code --timeout-ms} of being sent; anything else is a
 * failure, counted by kind. After the last request is due the tool waits for the answers (at most the timeout plus
 * five seconds) and stops.
 *
 * <p>The row: target, offered rate, requests due in the measured window, succeeded, success rate, successes per
 * measured second, latency minus {@code --upstream-ms} (the mock's own delay) at p50/p90/p99/p99.9 and max,
 * connections opened during the run (to replace closed ones), requests the dispatcher started more than 10 ms after
 * they were due (its own lag, a sign of a saturated machine; their latency still counts from the due time), and
 * failures by kind. Exit status: 0 when every measured request succeeded, 2 otherwise, 1 on bad
 * usage.
 */
public final class GatewayLoad {
    private static final Set<String> OPTIONS = Set.of(
            "kind",
            "url",
            "mock",
            "model",
            "rate",
            "warmup-s",
            "duration-s",
            "connections",
            "connect-concurrency",
            "timeout-ms",
            "upstream-ms",
            "label");
    private static final int MAX_EXAMPLES = 5;

    private final GatewayTarget target;
    private final String label;
    private final int rate;
    private final int warmupSeconds;
    private final int durationSeconds;
    private final int connections;
    private final int connectConcurrency;
    private final int timeoutMillis;
    private final long upstreamNanos;

    private final LinkedBlockingDeque<RawHttp> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger reopened = new AtomicInteger();
    private final Map<String, AtomicInteger> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> examples = new ConcurrentLinkedQueue<>();
    private final AtomicInteger exampleCount = new AtomicInteger();
    private final AtomicLong lateStarts = new AtomicLong();

    /** Latency of measured request i (nanoseconds from its due time); -1 = failed, 0 = not answered yet. */
    private long[] latencies;

    private int firstMeasured;
    private int total;
    private CountDownLatch answered;

    private GatewayLoad(BenchArgs args) {
        String kind = args.text("kind", null, "helix");
        URI url = BenchArgs.loopback(args.text("url", "HELIX_BENCH_URL", "http://127.0.0.1:8080"), "url");
        URI mock = BenchArgs.loopback(args.text("mock", null, url.toString()), "mock");
        this.target = GatewayTarget.of(kind, url, mock, args.text("model", null, "fast"), false);
        this.label = args.text("label", null, target.label());
        this.rate = args.number("rate", null, 1000, 1);
        this.warmupSeconds = args.number("warmup-s", null, 10, 0);
        this.durationSeconds = args.number("duration-s", null, 60, 1);
        this.connections = args.number("connections", null, 1000, 1);
        this.connectConcurrency = args.number("connect-concurrency", null, 200, 1);
        this.timeoutMillis = args.number("timeout-ms", null, 10_000, 1);
        this.upstreamNanos = TimeUnit.MILLISECONDS.toNanos(args.number("upstream-ms", null, 0, 0));
        if ((long) rate * (warmupSeconds + durationSeconds) > 100_000_000) {
            throw new IllegalArgumentException("--rate × (--warmup-s + --duration-s) is over 100 million requests");
        }
    }

    public static void main(String[] args) throws InterruptedException {
        GatewayLoad tool;
        try {
            tool = new GatewayLoad(BenchArgs.parse(args, OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println("gateway-load: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(tool.run());
    }

    private int run() throws InterruptedException {
        long warmupRequests = (long) rate * warmupSeconds;
        long measuredRequests = (long) rate * durationSeconds;
        openConnections();
        firstMeasured = (int) warmupRequests;
        total = (int) (warmupRequests + measuredRequests);
        latencies = new long[(int) measuredRequests];
        answered = new CountDownLatch(total);
        progress(
                "%s: %d req/s open loop, %d s warm-up then %d s measured, over %d connections ...",
                label, rate, warmupSeconds, durationSeconds, live.get());
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        dispatch(start);
        long lastDue = start + dueOffset(total - 1);
        long waitUntil = lastDue + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 5_000L);
        boolean all = answered.await(Math.max(0, waitUntil - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (!all) {
            progress("%d requests still unanswered when the wait ended; counted as failed", answered.getCount());
        }
        RawHttp c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
        System.out.println(row());
        System.out.flush();
        if (!examples.isEmpty()) {
            progress("first failures:");
            examples.forEach(e -> progress("  %s", e));
        }
        return failed() == 0 ? 0 : 2;
    }

    private long dueOffset(long i) {
        return i * 1_000_000_000L / rate;
    }

    // ------------------------------------------------------------------------------------------------ connections

    private void openConnections() throws InterruptedException {
        Semaphore gate = new Semaphore(connectConcurrency);
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < connections; i++) {
                gate.acquire();
                pool.execute(() -> {
                    try {
                        idle.add(RawHttp.open(target.host(), target.port(), timeoutMillis));
                        live.incrementAndGet();
                    } catch (IOException e) {
                        if (refused.incrementAndGet() == 1) {
                            progress("could not open a connection: %s", e);
                        }
                    } finally {
                        gate.release();
                    }
                });
            }
        }
        if (refused.get() > 0) {
            progress(
                    "%d of %d connections could not be opened (open-file limit? backlog?)", refused.get(), connections);
        }
    }

    /**
     * An idle connection; a new one if fewer than {@code --connections} are open (one was closed after a failure);
     * else waits for one to be given back, at most the request timeout.
     */
    private RawHttp connection() throws IOException, InterruptedException {
        RawHttp c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        if (live.incrementAndGet() <= connections) {
            try {
                c = RawHttp.open(target.host(), target.port(), timeoutMillis);
                reopened.incrementAndGet();
                return c;
            } catch (IOException e) {
                live.decrementAndGet();
                throw e;
            }
        }
        live.decrementAndGet();
        c = idle.pollFirst(timeoutMillis, TimeUnit.MILLISECONDS);
        if (c == null) {
            throw new NoFreeConnection();
        }
        return c;
    }

    /** Every connection stayed busy for the whole request timeout. */
    private static final class NoFreeConnection extends IOException {
        NoFreeConnection() {
            super("no free connection");
        }
    }

    private void discard(RawHttp c) {
        c.close();
        live.decrementAndGet();
    }

    // ------------------------------------------------------------------------------------------------ requests

    /** Starts request i at start + i / rate, one virtual thread each, until all are started. */
    private void dispatch(long start) {
        Thread.Builder builder = Thread.ofVirtual().name("load-", 0);
        for (int i = 0; i < total; i++) {
            long due = start + dueOffset(i);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 200_000));
            }
            if (-wait > 10_000_000) {
                lateStarts.incrementAndGet();
            }
            int index = i;
            builder.start(() -> send(index, due));
        }
    }

    private void send(int index, long due) {
        RawHttp.Response response = new RawHttp.Response(0);
        RawHttp c = null;
        String failure = null;
        boolean whole = false;
        try {
            c = connection();
            c.exchange(target.request(), response);
            whole = true;
            if (response.status != 200) {
                failure = "status " + response.status;
            }
        } catch (SocketTimeoutException e) {
            failure = "timeout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (NoFreeConnection e) {
            failure = "no free connection";
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName();
            if (exampleCount.incrementAndGet() <= MAX_EXAMPLES) {
                examples.add(e.toString());
            }
        }
        long latency = System.nanoTime() - due;
        if (c != null) {
            // a whole answer, even a refusal such as 503, leaves the connection usable unless it says close
            if (whole && !response.close) {
                idle.addFirst(c);
            } else {
                discard(c);
            }
        }
        if (index >= firstMeasured) {
            if (failure != null) {
                failures.computeIfAbsent(failure, k -> new AtomicInteger()).incrementAndGet();
            }
            latencies[index - firstMeasured] = failure == null ? Math.max(1, latency) : -1;
        }
        answered.countDown();
    }

    // ------------------------------------------------------------------------------------------------ report

    private int failed() {
        int n = 0;
        for (long l : latencies) {
            if (l <= 0) {
                n++;
            }
        }
        return n;
    }

    private String row() {
        long[] ok = new long[latencies.length];
        int count = 0;
        for (long l : latencies) {
            if (l > 0) {
                ok[count++] = Math.max(0, l - upstreamNanos);
            }
        }
        int unanswered = 0;
        for (long l : latencies) {
            if (l == 0) {
                unanswered++;
            }
        }
        Map<String, Integer> kinds = new TreeMap<>();
        failures.forEach((k, v) -> kinds.put(k, v.get()));
        if (unanswered > 0) {
            kinds.put("unanswered", unanswered);
        }
        Latencies added = new Latencies(ok, count);
        List<String> cells = new ArrayList<>();
        cells.add(label);
        cells.add(Integer.toString(rate));
        cells.add(Integer.toString(latencies.length));
        cells.add(Integer.toString(count));
        cells.add(String.format(Locale.ROOT, "%.3f%%", 100.0 * count / latencies.length));
        cells.add(String.format(Locale.ROOT, "%.0f", count / (double) durationSeconds));
        cells.add(added.at(50, 90, 99, 99.9));
        cells.add(Latencies.ms(added.max()));
        cells.add(Integer.toString(reopened.get()));
        cells.add(Long.toString(lateStarts.get()));
        cells.add(kinds.isEmpty() ? "none" : kinds.toString().replaceAll("[{}]", ""));
        return "| " + String.join(" | ", cells) + " |";
    }

    private static void progress(String format, Object... args) {
        System.err.println("gateway-load: " + String.format(Locale.ROOT, format, args));
    }
}
