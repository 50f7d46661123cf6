package dev.helix.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A load tool for the state file mirror ({@code state.file}): edits the file the way people and scripts do and
 * times each edit until {@code GET /api/v1/state} serves it. Odd edits are atomic (write a temporary file in the
 * same folder, rename it over the mirror), even edits are in place (truncate the mirror and write it again, as
 * {@code echo > file} or many editors do). Prints a Markdown table on stdout, progress on stderr.
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.StateFileEdits --url http://127.0.0.1:8080 --file /path/to/state.json --edits 20
 * </pre>
 *
 * <p>Each edit is the current document (as the API serves it) plus {@code "fileEdit":{"n":k,…}}, pretty-printed.
 * The clock starts just before the file is opened; then the API is polled every {@code --poll-ms} with
 * {@code If-None-Match} until a new ETag whose document carries {@code fileEdit.n == k}, so each figure is at most
 * one poll interval (plus one request) above the true delay. A new version that is not the edit (for instance a
 * half-written file taken for a document) is counted and reported. Edits are {@code --gap-ms} apart, so each is
 * measured on its own. Exit status: 0 when every edit became visible and nothing else did, 2 otherwise, 1 on bad
 * usage.
 */
public final class StateFileEdits {
    private static final Set<String> OPTIONS = Set.of("url", "file", "edits", "poll-ms", "timeout-ms", "gap-ms");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_EXAMPLES = 5;

    private final URI state;
    private final String key;
    private final Path file;
    private final int edits;
    private final int pollMillis;
    private final int timeoutMillis;
    private final int gapMillis;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<String> problems = new ArrayList<>();
    private int strayVersions;

    /** The state as the API served it. */
    private record Current(String etag, ObjectNode document) {}

    /** One edit: how it was written and how long until the API served it (-1 = never, within the timeout). */
    private record Edit(boolean atomic, long nanos) {}

    private StateFileEdits(BenchArgs args) {
        this.state = args.loopbackUrl().resolve("/api/v1/state");
        this.key = BenchArgs.apiKey();
        String path = args.text("file", "HELIX_STATE_FILE", null);
        if (path == null) {
            throw new IllegalArgumentException("--file (or HELIX_STATE_FILE) must name the server's state file");
        }
        this.file = Path.of(path).toAbsolutePath();
        this.edits = args.number("edits", "BENCH_FILE_EDITS", 20, 1);
        this.pollMillis = args.number("poll-ms", null, 5, 1);
        this.timeoutMillis = args.number("timeout-ms", null, 5000, 1);
        this.gapMillis = args.number("gap-ms", null, 100, 0);
    }

    public static void main(String[] args) throws InterruptedException {
        StateFileEdits tool;
        try {
            tool = new StateFileEdits(BenchArgs.parse(args, OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println("file-edits: " + e.getMessage());
            System.exit(1);
            return;
        }
        try {
            System.exit(tool.run());
        } catch (IOException e) {
            System.err.println("file-edits: " + e);
            System.exit(2);
        }
    }

    private int run() throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("the state file " + file + " does not exist; is state.file set on the server?");
        }
        progress(
                "%d edits of %s, alternating rename and in-place writes, polling every %d ms ...",
                edits, file, pollMillis);
        Current current = fetch();
        List<Edit> done = new ArrayList<>();
        for (int k = 1; k <= edits; k++) {
            boolean atomic = k % 2 == 1;
            byte[] bytes = edited(current.document(), k, atomic);
            long start = System.nanoTime();
            write(bytes, atomic, k);
            long seen = waitFor(current.etag(), k, start);
            done.add(new Edit(atomic, seen));
            current = fetch();
            TimeUnit.MILLISECONDS.sleep(gapMillis);
        }
        http.close();
        print(done);
        return problems.isEmpty() && done.stream().allMatch(e -> e.nanos() >= 0) ? 0 : 2;
    }

    private static byte[] edited(ObjectNode document, int k, boolean atomic) throws IOException {
        ObjectNode next = document.deepCopy();
        next.putObject("fileEdit").put("n", k).put("how", atomic ? "rename" : "in-place");
        byte[] json = PRETTY.writeValueAsBytes(next);
        byte[] out = new byte[json.length + 1];
        System.arraycopy(json, 0, out, 0, json.length);
        out[json.length] = '\n';
        return out;
    }

    private void write(byte[] bytes, boolean atomic, int k) throws IOException {
        if (atomic) {
            Path tmp = file.resolveSibling("." + file.getFileName() + ".bench-" + k + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.write(file, bytes);
        }
    }

    /** Polls until edit {@code k} is served; the nanoseconds since {@code start}, or -1 after the timeout. */
    private long waitFor(String etag, int k, long start) throws IOException, InterruptedException {
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String known = etag;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> res = http.send(get(known), HttpResponse.BodyHandlers.ofByteArray());
            long now = System.nanoTime();
            if (res.statusCode() == 200) {
                JsonNode doc = JSON.readTree(res.body());
                if (doc.path("fileEdit").path("n").asInt() == k) {
                    return now - start;
                }
                known = res.headers().firstValue("ETag").orElse(known);
                strayVersions++;
                problem("after edit " + k + " the API served version " + known + ", which is not the edit ("
                        + res.body().length + " bytes, fileEdit " + doc.path("fileEdit") + ")");
            } else if (res.statusCode() != 304) {
                problem("GET /api/v1/state answered " + res.statusCode() + " while waiting for edit " + k);
            }
            TimeUnit.MILLISECONDS.sleep(pollMillis);
        }
        problem("edit " + k + " (" + (k % 2 == 1 ? "rename" : "in-place") + ") was not served within " + timeoutMillis
                + " ms");
        return -1;
    }

    private Current fetch() throws IOException, InterruptedException {
        HttpResponse<byte[]> res = http.send(get(null), HttpResponse.BodyHandlers.ofByteArray());
        if (res.statusCode() != 200) {
            throw new IOException("GET /api/v1/state answered " + res.statusCode() + ": "
                    + new String(res.body(), StandardCharsets.UTF_8));
        }
        String etag = res.headers().firstValue("ETag").orElseThrow(() -> new IOException("no ETag on the state"));
        return new Current(etag, (ObjectNode) JSON.readTree(res.body()));
    }

    private HttpRequest get(String ifNoneMatch) {
        HttpRequest.Builder b = HttpRequest.newBuilder(state)
                .GET()
                .header("Authorization", "Bearer " + key)
                .timeout(Duration.ofSeconds(5));
        if (ifNoneMatch != null) {
            b.header("If-None-Match", ifNoneMatch);
        }
        return b.build();
    }

    // ------------------------------------------------------------------------------------------------- report

    private void print(List<Edit> done) {
        StringBuilder md = new StringBuilder();
        md.append("| Edit | Served / made | Median (ms) | Min (ms) | Max (ms) |\n")
                .append("| --- | ---: | ---: | ---: | ---: |\n");
        row(
                md,
                "Atomic: temporary file renamed over the mirror",
                done.stream().filter(Edit::atomic).toList());
        row(
                md,
                "In place: the mirror truncated and rewritten",
                done.stream().filter(e -> !e.atomic()).toList());
        row(md, "All", done);
        System.out.print(md);
        System.out.printf(Locale.ROOT, "%nVersions served that were not an edit: %d.%n", strayVersions);
        System.out.flush();
        problems.forEach(p -> progress("problem: %s", p));
    }

    private static void row(StringBuilder md, String label, List<Edit> edits) {
        long[] seen = edits.stream().mapToLong(Edit::nanos).filter(n -> n >= 0).toArray();
        Latencies l = new Latencies(seen, seen.length);
        md.append("| ")
                .append(label)
                .append(" | ")
                .append(seen.length)
                .append(" / ")
                .append(edits.size())
                .append(" | ")
                .append(l.at(50))
                .append(" | ")
                .append(Latencies.ms(l.min()))
                .append(" | ")
                .append(Latencies.ms(l.max()))
                .append(" |\n");
    }

    private void problem(String what) {
        if (problems.size() < MAX_EXAMPLES) {
            problems.add(what);
        } else if (problems.size() == MAX_EXAMPLES) {
            problems.add("… more problems not shown");
        }
    }

    private static void progress(String format, Object... args) {
        System.err.println("file-edits: " + String.format(Locale.ROOT, format, args));
    }
}
