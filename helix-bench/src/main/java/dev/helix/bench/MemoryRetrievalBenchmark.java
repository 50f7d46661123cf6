package dev.helix.bench;

import dev.helix.bus.InProcessEventBus;
import dev.helix.config.HelixConfig;
import dev.helix.conversations.Owner;
import dev.helix.events.EventLog;
import dev.helix.internal.Folders;
import dev.helix.memory.Memories;
import dev.helix.memory.MemoryItem;
import dev.helix.storage.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Memory retrieval as a prompt does it: {@code Memories.similar(owner, agent, text, 10)} (BM25 in the in-memory Lucene
 * index, filtered by owner, agent and validity, weighed by confidence and recency) among {@code --memories} memories
 * (100,000) of many owners, one of which has {@code --owned} (1,000) of them; the others have 100 each. The memories
 * are written straight into a SQLite database and the index built from it as a starting node does (that time is
 * reported too); then {@code --queries} searches of 3 to 8 words each, one at a time on one thread, after a warm-up,
 * for the big owner and for small ones. Prints a Markdown table on stdout, progress on stderr.
 *
 * <pre>
 * java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' \
 *     dev.helix.bench.MemoryRetrievalBenchmark --memories 100000 --owned 1000 --queries 20000
 * </pre>
 */
public final class MemoryRetrievalBenchmark {
    private static final Set<String> OPTIONS = Set.of("memories", "owned", "queries", "warmup");
    private static final String[] WORDS = words();
    private static final String[] AGENTS = {"coder", "critic", "researcher"};

    private MemoryRetrievalBenchmark() {}

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv, OPTIONS);
        int total = args.number("memories", null, 100_000, 1);
        int owned = args.number("owned", null, 1_000, 1);
        int queries = args.number("queries", null, 20_000, 1);
        int warmup = args.number("warmup", null, 5_000, 0);
        Path dir = Files.createTempDirectory("helix-memory-bench");
        HelixConfig config = HelixConfig.defaults();
        try (Database db =
                        Database.open(config.storage().toBuilder().dataDir(dir).build());
                InProcessEventBus bus = new InProcessEventBus()) {
            db.migrate();
            System.err.printf("writing %d memories ...%n", total);
            int owners = fill(db, total, owned);
            EventLog log = EventLog.publishingTo(bus, db, Clock.systemUTC(), new SimpleMeterRegistry());
            log.start();
            try (Memories memories =
                    new Memories(db, config.memory(), log, Clock.systemUTC(), new SimpleMeterRegistry())) {
                long start = System.nanoTime();
                memories.load();
                long built = System.nanoTime() - start;
                System.gc();
                long heap = Runtime.getRuntime().totalMemory()
                        - Runtime.getRuntime().freeMemory();
                Random random = new Random(7);
                System.err.printf("warming up (%d searches) ...%n", warmup);
                run(memories, random, warmup, true, owners);
                Latencies big = run(memories, random, queries, true, owners);
                Latencies small = run(memories, random, queries, false, owners);
                print(total, owned, owners, built, heap, big, small);
            }
        } finally {
            Folders.deleteTree(dir);
        }
    }

    /** Writes the memories; answers how many owners have 100 each besides the big one. */
    private static int fill(Database db, int total, int owned) {
        Random random = new Random(42);
        int others = Math.max(1, (total - owned) / 100);
        long now = System.currentTimeMillis();
        db.jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO memory_items (id, key_id, user_id, agent_id, kind, "
                    + "text, sources, confidence, valid_from, valid_to, created_at, updated_at, version) VALUES "
                    + "(:id, :key, :user, :agent, 'fact', :text, '[]', :confidence, :from, NULL, :at, :at, 1)");
            for (int i = 0; i < total; i++) {
                String user = i < owned ? "big" : "user-" + (i - owned) % others;
                long at = now - random.nextLong(90L * 24 * 3600 * 1000);
                batch.bind("id", String.format(Locale.ROOT, "mem_%026d", i))
                        .bind("key", "key_bench")
                        .bind("user", user)
                        .bind("agent", random.nextInt(3) == 0 ? "" : AGENTS[random.nextInt(AGENTS.length)])
                        .bind("text", sentence(random, 8 + random.nextInt(12)))
                        .bind("confidence", 0.5 + random.nextDouble() / 2)
                        .bind("from", at)
                        .bind("at", at)
                        .add();
                if (i % 5000 == 4999) {
                    batch.execute();
                }
            }
            if (batch.size() > 0) {
                batch.execute();
            }
        });
        return others;
    }

    private static Latencies run(Memories memories, Random random, int count, boolean big, int owners) {
        long[] nanos = new long[count];
        int found = 0;
        for (int i = 0; i < count; i++) {
            Owner owner = new Owner("key_bench", big ? "big" : "user-" + random.nextInt(owners));
            String agent = AGENTS[random.nextInt(AGENTS.length)];
            String text = sentence(random, 3 + random.nextInt(6));
            long start = System.nanoTime();
            List<MemoryItem> hits = memories.similar(owner, agent, text, 10);
            nanos[i] = System.nanoTime() - start;
            found += hits.size();
        }
        System.err.printf("%d searches, %.1f memories found on average%n", count, found / (double) count);
        return new Latencies(nanos, count);
    }

    private static void print(int total, int owned, int owners, long built, long heap, Latencies big, Latencies small) {
        System.out.printf(
                Locale.ROOT,
                "%d memories (one owner %d, %d owners of 100), index built from SQLite in %.1f s, heap after GC "
                        + "%d MiB%n%n",
                total,
                owned,
                owners,
                built / 1e9,
                heap >> 20);
        System.out.println("| search (k=10) | searches | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|");
        row("owner with " + owned + " memories", big);
        row("owners with 100 memories", small);
    }

    private static void row(String name, Latencies l) {
        System.out.printf(
                "| %s | %d | %s | %s | %s | %s |%n",
                name, l.count(), l.at(50), l.at(90), l.at(99), Latencies.ms(l.max()));
    }

    private static String sentence(Random random, int words) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < words; i++) {
            // a Zipf-like pick: common words often, rare words seldom, as in people's sentences
            int index = (int) (WORDS.length * Math.pow(random.nextDouble(), 2.5));
            s.append(i == 0 ? "" : " ").append(WORDS[Math.min(index, WORDS.length - 1)]);
        }
        return s.toString();
    }

    /** 2,000 made-up words from syllables: a vocabulary without a dictionary file. */
    private static String[] words() {
        String[] syllables = {
            "ka", "lo", "mi", "ter", "san", "vel", "dor", "ri", "pa", "quen", "shu", "bel", "tor", "na", "gri", "fo",
            "les", "um", "zar", "eth"
        };
        String[] out = new String[2000];
        for (int i = 0; i < out.length; i++) {
            int n = i;
            StringBuilder w = new StringBuilder();
            do {
                w.append(syllables[n % syllables.length]);
                n /= syllables.length;
            } while (n > 0);
            w.append(syllables[(i * 7) % syllables.length]);
            out[i] = w.toString();
        }
        return out;
    }
}
