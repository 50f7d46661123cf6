package dev.helix.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A load tool for what a gateway adds to one request: sequential {@code POST /v1/chat/completions} calls, one at a
 * time on one keep-alive connection per path, sent straight to the mock provider and through each target (Helix,
 * Portkey's gateway, a TCP relay), in rounds so that slow drifts of the machine hit both sides of a comparison alike.
 * Prints a Markdown table on stdout, progress on stderr.
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.GatewayOverhead --direct http://127.0.0.1:8090 \
 *     --targets helix=http://127.0.0.1:8080,portkey=http://127.0.0.1:8787,relay=http://127.0.0.1:8091
 * </pre>
 *
 * <p>Procedure: {@code --warmup} (15) requests to the mock and to each target, then {@code --rounds} (7) rounds; in
 * each round, for each target, {@code --per-round} (25) requests straight to the mock, then as many through the
 * target. A round's overhead is the target's median minus the mock's median in that round (the same for p99; with 25
 * requests a round's p99 is its slowest request); the table gives the median of the rounds' overheads. With
 * {@code --mode stream} each request asks for {@code "stream": true} and the figures are the time to the first
 * {@code data:} event (from writing the request) and the gaps between consecutive {@code data:} events
 * ({@code [DONE]} excluded), each compared the same way.
 *
 * <p>Every path uses the same {@link RawHttp} client (keep-alive, TCP_NODELAY, the request written in one call, the
 * response parsed by hand), so the client's own cost is the same on both sides and cancels out. A reused connection
 * the server has closed is reopened and the request sent again (timed afresh); any other failure, or a status other
 * than 200, is counted and its sample dropped. Exit status: 0 when every request succeeded, 2 otherwise, 1 on bad
 * usage.
 */
public final class GatewayOverhead {
    private static final Set<String> OPTIONS =
            Set.of("direct", "targets", "mode", "model", "warmup", "rounds", "per-round", "timeout-ms");
    private static final int MAX_EXAMPLES = 5;

    private final GatewayTarget direct;
    private final List<GatewayTarget> targets;
    private final boolean stream;
    private final int warmup;
    private final int rounds;
    private final int perRound;
    private final int timeoutMillis;
    private final List<String> examples = new ArrayList<>();

    /** One path's open connection and its failures. */
    private final class Path {
        final GatewayTarget target;
        final RawHttp.Response response = new RawHttp.Response(1024);
        RawHttp connection;
        int failed;

        Path(GatewayTarget target) {
            this.target = target;
        }

        /** Sends one request; returns its start time (nanoTime), or -1 if it failed. The answer is in response. */
        long call() {
            for (int attempt = 0; attempt < 2; attempt++) {
                boolean reused = connection != null;
                try {
                    if (connection == null) {
                        connection = RawHttp.open(target.host(), target.port(), timeoutMillis);
                    }
                    long start = System.nanoTime();
                    connection.exchange(target.request(), response);
                    if (response.close) {
                        drop();
                    }
                    if (response.status != 200) {
                        fail("answered " + response.status);
                        return -1;
                    }
                    return start;
                } catch (IOException | RuntimeException e) {
                    drop();
                    if (!reused || attempt == 1) {
                        fail(e.toString());
                        return -1;
                    }
                }
            }
            return -1;
        }

        private void drop() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }

        private void fail(String why) {
            failed++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(target.label() + ": " + why);
            }
        }
    }

    /** The samples of one round for one target: straight to the mock, then through the target. */
    private record Round(Samples direct, Samples through) {}

    /** Latencies (complete mode) or time to first event and event gaps (stream mode), in nanoseconds. */
    private static final class Samples {
        final long[] first;
        long[] gaps;
        int count;
        int gapCount;

        Samples(int requests) {
            first = new long[requests];
            gaps = new long[requests * 32];
        }

        void add(long firstNanos) {
            first[count++] = firstNanos;
        }

        void addGap(long nanos) {
            if (gapCount == gaps.length) {
                gaps = Arrays.copyOf(gaps, gaps.length * 2);
            }
            gaps[gapCount++] = nanos;
        }

        Latencies firsts() {
            return new Latencies(first, count);
        }

        Latencies gapLatencies() {
            return new Latencies(gaps, gapCount);
        }
    }

    private GatewayOverhead(BenchArgs args) {
        URI mock = BenchArgs.loopback(args.text("direct", null, "http://127.0.0.1:8090"), "direct");
        String mode = args.text("mode", null, "complete");
        if (!mode.equals("complete") && !mode.equals("stream")) {
            throw new IllegalArgumentException("--mode must be complete or stream, not '" + mode + "'");
        }
        this.stream = mode.equals("stream");
        String model = args.text("model", null, "fast");
        this.direct = GatewayTarget.of("direct", mock, mock, model, stream);
        String spec = args.text("targets", null, null);
        if (spec == null) {
            throw new IllegalArgumentException("--targets is required, e.g. helix=http://127.0.0.1:8080");
        }
        this.targets = GatewayTarget.list(spec, mock, model, stream);
        this.warmup = args.number("warmup", null, 15, 0);
        this.rounds = args.number("rounds", null, 7, 1);
        this.perRound = args.number("per-round", null, 25, 1);
        this.timeoutMillis = args.number("timeout-ms", null, 10_000, 1);
    }

    public static void main(String[] args) {
        GatewayOverhead tool;
        try {
            tool = new GatewayOverhead(BenchArgs.parse(args, OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println("gateway-overhead: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.exit(tool.run());
    }

    private int run() {
        Path toMock = new Path(direct);
        List<Path> paths = targets.stream().map(Path::new).toList();
        progress(
                "%s mode: %d warm-up requests per path, then %d rounds of %d direct + %d through each of %s ...",
                stream ? "stream" : "complete",
                warmup,
                rounds,
                perRound,
                perRound,
                paths.stream().map(p -> p.target.label()).toList());
        warm(toMock);
        paths.forEach(this::warm);
        Round[][] results = new Round[paths.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int t = 0; t < paths.size(); t++) {
                Samples d = batch(toMock);
                Samples through = batch(paths.get(t));
                results[t][r] = new Round(d, through);
            }
        }
        toMock.drop();
        paths.forEach(Path::drop);
        System.out.print(stream ? streamTable(paths, results) : completeTable(toMock, paths, results));
        System.out.flush();
        int failed = toMock.failed + paths.stream().mapToInt(p -> p.failed).sum();
        if (failed > 0) {
            progress("%d requests failed; first ones:", failed);
            examples.forEach(e -> progress("  %s", e));
        }
        return failed == 0 ? 0 : 2;
    }

    private void warm(Path path) {
        for (int i = 0; i < warmup; i++) {
            path.call();
        }
    }

    private Samples batch(Path path) {
        Samples s = new Samples(perRound);
        for (int i = 0; i < perRound; i++) {
            long start = path.call();
            if (start < 0) {
                continue;
            }
            long end = System.nanoTime();
            RawHttp.Response r = path.response;
            if (!stream) {
                s.add(end - start);
                continue;
            }
            if (r.events == 0) {
                path.fail("a streamed answer without data events");
                continue;
            }
            s.add(r.eventNanos[0] - start);
            for (int k = 1; k < r.events; k++) {
                s.addGap(r.eventNanos[k] - r.eventNanos[k - 1]);
            }
        }
        return s;
    }

    // ------------------------------------------------------------------------------------------------ report

    /** The median over rounds of (target's percentile − direct's percentile) of the chosen samples. */
    private static long medianOverhead(Round[] rounds, double p, boolean gaps) {
        long[] overheads = new long[rounds.length];
        for (int r = 0; r < rounds.length; r++) {
            Latencies d = gaps
                    ? rounds[r].direct().gapLatencies()
                    : rounds[r].direct().firsts();
            Latencies t = gaps
                    ? rounds[r].through().gapLatencies()
                    : rounds[r].through().firsts();
            overheads[r] = t.percentile(p) - d.percentile(p);
        }
        Arrays.sort(overheads);
        return overheads[overheads.length / 2];
    }

    private static String overheadRange(Round[] rounds) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Round round : rounds) {
            long o = round.through().firsts().percentile(50)
                    - round.direct().firsts().percentile(50);
            min = Math.min(min, o);
            max = Math.max(max, o);
        }
        return ms(min) + " – " + ms(max);
    }

    /** All samples of one side of every round, pooled. */
    private static Latencies pooled(Round[] rounds, boolean through, boolean gaps) {
        int n = 0;
        for (Round r : rounds) {
            Samples s = through ? r.through() : r.direct();
            n += gaps ? s.gapCount : s.count;
        }
        long[] all = new long[n];
        int at = 0;
        for (Round r : rounds) {
            Samples s = through ? r.through() : r.direct();
            long[] src = gaps ? s.gaps : s.first;
            int count = gaps ? s.gapCount : s.count;
            System.arraycopy(src, 0, all, at, count);
            at += count;
        }
        return new Latencies(all, n);
    }

    private String completeTable(Path toMock, List<Path> paths, Round[][] results) {
        StringBuilder md = new StringBuilder();
        md.append("| Path | Added p50 (ms) | Added p99 (ms) | Added p50, range over rounds (ms) "
                + "| p50 / p99 through it (ms) | p50 / p99 direct, same rounds (ms) | Requests / failed |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        List<Round> all = new ArrayList<>();
        for (Round[] rs : results) {
            all.addAll(List.of(rs));
        }
        Latencies d = pooled(all.toArray(Round[]::new), false, false);
        md.append("| ")
                .append(direct.label())
                .append(" | – | – | – | ")
                .append(pair(d))
                .append(" | ")
                .append(pair(d))
                .append(" | ")
                .append(d.count())
                .append(" / ")
                .append(toMock.failed)
                .append(" |\n");
        for (int t = 0; t < paths.size(); t++) {
            Round[] rs = results[t];
            Latencies through = pooled(rs, true, false);
            md.append("| ")
                    .append(paths.get(t).target.label())
                    .append(" | ")
                    .append(ms(medianOverhead(rs, 50, false)))
                    .append(" | ")
                    .append(ms(medianOverhead(rs, 99, false)))
                    .append(" | ")
                    .append(overheadRange(rs))
                    .append(" | ")
                    .append(pair(through))
                    .append(" | ")
                    .append(pair(pooled(rs, false, false)))
                    .append(" | ")
                    .append(through.count())
                    .append(" / ")
                    .append(paths.get(t).failed)
                    .append(" |\n");
        }
        return md.toString();
    }

    private String streamTable(List<Path> paths, Round[][] results) {
        StringBuilder md = new StringBuilder();
        md.append("| Path | Added time to first event p50 / p99 (ms) | Added inter-event gap p50 / p99 (ms) "
                + "| First event p50 through / direct (ms) | Gap p50 / p99 through (ms) | Gap p50 / p99 direct (ms) "
                + "| Streams / failed |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (int t = 0; t < paths.size(); t++) {
            Round[] rs = results[t];
            Latencies firstThrough = pooled(rs, true, false);
            Latencies firstDirect = pooled(rs, false, false);
            md.append("| ")
                    .append(paths.get(t).target.label())
                    .append(" | ")
                    .append(ms(medianOverhead(rs, 50, false)))
                    .append(" / ")
                    .append(ms(medianOverhead(rs, 99, false)))
                    .append(" | ")
                    .append(ms(medianOverhead(rs, 50, true)))
                    .append(" / ")
                    .append(ms(medianOverhead(rs, 99, true)))
                    .append(" | ")
                    .append(ms(firstThrough.percentile(50)))
                    .append(" / ")
                    .append(ms(firstDirect.percentile(50)))
                    .append(" | ")
                    .append(pair(pooled(rs, true, true)))
                    .append(" | ")
                    .append(pair(pooled(rs, false, true)))
                    .append(" | ")
                    .append(firstThrough.count())
                    .append(" / ")
                    .append(paths.get(t).failed)
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String pair(Latencies l) {
        return ms(l.percentile(50)) + " / " + ms(l.percentile(99));
    }

    /** Nanoseconds as milliseconds with three decimals (overheads are fractions of a millisecond). */
    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void progress(String format, Object... args) {
        System.err.println("gateway-overhead: " + String.format(Locale.ROOT, format, args));
    }
}
