package dev.helix.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tags an event type invalidates ({@code caching.invalidations}): exact types, {@code prefix.*} patterns and
 * {@code *}. The answer per type is worked out once and remembered (event types are few).
 */
final class EventTags {
    private static final int[] NONE = new int[0];
    private static final int MAX_REMEMBERED = 1000;

    private final Map<String, List<String>> rules;
    private final Tags tags;
    private final Map<String, int[]> byType = new ConcurrentHashMap<>();

    EventTags(Map<String, List<String>> rules, Tags tags) {
        this.rules = new HashMap<>(rules);
        this.tags = tags;
    }

    int[] tagsOf(String type) {
        int[] known = byType.get(type);
        if (known != null) {
            return known;
        }
        int[] ids = resolve(type);
        if (byType.size() < MAX_REMEMBERED) {
            byType.put(type, ids);
        }
        return ids;
    }

    private int[] resolve(String type) {
        Set<String> names = new LinkedHashSet<>();
        rules.forEach((pattern, tagNames) -> {
            if (matches(pattern, type)) {
                names.addAll(tagNames);
            }
        });
        return names.isEmpty() ? NONE : tags.ids(new ArrayList<>(names));
    }

    static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}
