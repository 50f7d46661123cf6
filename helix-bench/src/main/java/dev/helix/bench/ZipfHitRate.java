package dev.helix.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Hit rate of the response cache's eviction (Caffeine, W-TinyLFU) against a plain LRU map (a {@link LinkedHashMap} in
 * access order) under Zipf-distributed keys: 100,000 keys, 2,000,000 requests after 200,000 warm-up requests, the
 * same seeded sequence for both, capacities of 1% and 10% of the keys, skews 0.8, 1.0 and 1.2. Prints a Markdown
 * table.
 *
 * <pre>java -cp 'helix-bench/target/helix-bench-*.jar:helix-bench/target/libs/*' dev.helix.bench.ZipfHitRate</pre>
 */
public final class ZipfHitRate {
    private static final int KEYS = 100_000;
    private static final int WARMUP = 200_000;
    private static final int REQUESTS = 2_000_000;

    private ZipfHitRate() {}

    public static void main(String[] args) {
        System.out.println("| Zipf skew | Capacity | Caffeine hit rate | LRU hit rate |");
        System.out.println("| ---: | ---: | ---: | ---: |");
        for (double skew : new double[] {0.8, 1.0, 1.2}) {
            int[] sequence = sequence(skew, WARMUP + REQUESTS, 42);
            for (int capacity : new int[] {KEYS / 100, KEYS / 10}) {
                System.out.printf(
                        "| %.1f | %,d | %.2f%% | %.2f%% |%n",
                        skew, capacity, 100 * caffeine(sequence, capacity), 100 * lru(sequence, capacity));
            }
        }
    }

    /** Keys 0..KEYS-1 drawn with probability proportional to 1 / (rank + 1)^skew. */
    static int[] sequence(double skew, int n, long seed) {
        double[] cdf = new double[KEYS];
        double sum = 0;
        for (int i = 0; i < KEYS; i++) {
            sum += 1 / Math.pow(i + 1, skew);
            cdf[i] = sum;
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int at = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            out[i] = at >= 0 ? at : Math.min(KEYS - 1, -at - 1);
        }
        return out;
    }

    static double caffeine(int[] sequence, int capacity) {
        Cache<Integer, Boolean> cache = Caffeine.newBuilder()
                .maximumSize(capacity)
                .executor(Runnable::run)
                .build();
        long hits = 0;
        for (int i = 0; i < sequence.length; i++) {
            Integer k = sequence[i];
            if (cache.getIfPresent(k) != null) {
                hits += i >= WARMUP ? 1 : 0;
            } else {
                cache.put(k, Boolean.TRUE);
            }
        }
        return (double) hits / REQUESTS;
    }

    static double lru(int[] sequence, int capacity) {
        Map<Integer, Boolean> lru = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, Boolean> eldest) {
                return size() > capacity;
            }
        };
        long hits = 0;
        for (int i = 0; i < sequence.length; i++) {
            Integer k = sequence[i];
            if (lru.get(k) != null) {
                hits += i >= WARMUP ? 1 : 0;
            } else {
                lru.put(k, Boolean.TRUE);
            }
        }
        return (double) hits / REQUESTS;
    }
}
