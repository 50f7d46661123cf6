package dev.helix.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The measuring side of {@code bench/cluster.sh}: talks to several Helix nodes on loopback that share one PostgreSQL
 * and one Redis, with the admin key in {@code HELIX_BENCH_KEY}. Its first argument names the step:
 *
 * <ul>
 *   <li>{@code push}: write on one node → pushed to a WebSocket client on another ({@link CrossNodePush});
 *   <li>{@code messages}: message posted on one node → taken by a long poll on another ({@link CrossNodeMessages});
 *   <li>{@code stream}: state writes and messages round-robin to the nodes, acknowledgements to a file, while the
 *       script kills a node ({@link CrashStream});
 *   <li>{@code check}: after the restart, every acknowledged write and message present ({@link CrashCheck}).
 * </ul>
 *
 * <pre>
 * HELIX_BENCH_KEY=hx_... java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.ClusterProbe push --nodes http://127.0.0.1:18001,http://127.0.0.1:18002,http://127.0.0.1:18003
 * </pre>
 *
 * <p>Prints Markdown table rows on stdout. Exit status: 0 when every sample arrived and nothing acknowledged is
 * missing, 2 when something is, 1 on bad usage or a failed step.
 */
public final class ClusterProbe {
    private static final Set<String> OPTIONS =
            Set.of("nodes", "changes", "interval-ms", "messages", "agent", "count", "threads", "acks");

    private ClusterProbe() {}

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            throw new IllegalArgumentException("name a step: push, messages, stream or check");
        }
        BenchArgs args = BenchArgs.parse(Arrays.copyOfRange(argv, 1, argv.length), OPTIONS);
        List<NodeClient> nodes = nodes(args);
        String agent = args.text("agent", null, "coder");
        boolean whole = switch (argv[0]) {
            case "push" ->
                new CrossNodePush(nodes, args.number("changes", null, 500, 1), args.number("interval-ms", null, 20, 0))
                        .run();
            case "messages" -> new CrossNodeMessages(nodes, agent, args.number("messages", null, 500, 1)).run();
            case "stream" -> {
                new CrashStream(nodes, agent, args.number("count", null, 10_000, 1), args.number("threads", null, 4, 1))
                        .run(acks(args));
                yield true;
            }
            case "check" -> new CrashCheck(nodes, agent).run(acks(args));
            default ->
                throw new IllegalArgumentException(
                        "unknown step '" + argv[0] + "'; steps are push, messages, stream, check");
        };
        System.exit(whole ? 0 : 2);
    }

    private static List<NodeClient> nodes(BenchArgs args) {
        String list = args.text("nodes", null, "");
        if (list.isEmpty()) {
            throw new IllegalArgumentException("--nodes must list the nodes' base URLs, comma-separated");
        }
        String key = BenchArgs.apiKey();
        List<NodeClient> nodes = new ArrayList<>();
        for (String url : list.split(",")) {
            URI base = BenchArgs.loopback(url, "nodes");
            nodes.add(new NodeClient(base, key, NodeClient.newHttpClient()));
        }
        if (nodes.size() < 2) {
            throw new IllegalArgumentException("--nodes needs at least two nodes");
        }
        return nodes;
    }

    private static Path acks(BenchArgs args) {
        String path = args.text("acks", null, "");
        if (path.isEmpty()) {
            throw new IllegalArgumentException("--acks must name the acknowledgement file");
        }
        return Path.of(path);
    }
}
