package dev.helix.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" helpers: the known names closest to a mistyped one, by edit distance. */
public final class Suggestions {
    private Suggestions() {}

    /** The single closest of {@code known} to {@code input} (case-insensitive), however far; empty if none known. */
    public static Optional<String> closest(String input, Collection<String> known) {
        String typed = input.toLowerCase(Locale.ROOT);
        return known.stream().min(Comparator.comparingInt(k -> editDistance(k.toLowerCase(Locale.ROOT), typed)));
    }

    /**
     * Up to {@code limit} of {@code known} that are plausibly what {@code input} meant: within an edit distance of
     * a third of the input's length (at least 2), or starting with it. Closest first, then alphabetical.
     */
    public static List<String> similar(String input, Collection<String> known, int limit) {
        String typed = input.toLowerCase(Locale.ROOT);
        int tolerance = Math.max(2, typed.length() / 3);
        return known.stream()
                .filter(k -> lower(k).startsWith(typed) || editDistance(lower(k), typed) <= tolerance)
                .sorted(Comparator.<String>comparingInt(k -> editDistance(lower(k), typed))
                        .thenComparing(k -> k))
                .limit(limit)
                .toList();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /** The Levenshtein distance between {@code a} and {@code b}: insertions, deletions and substitutions. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
