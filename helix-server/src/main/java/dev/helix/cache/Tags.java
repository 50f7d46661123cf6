package dev.helix.cache;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The tags responses are cached under, each with a generation that an invalidation increases. A cached response
 * records the generations of its tags when its load began (its stamp) and is current only while they are unchanged,
 * so a response computed while its data was changing is never served after the change, however the load and the
 * invalidation interleave. Slot 0 is a generation every stamp includes, for "invalidate everything".
 */
final class Tags {
    private final Map<String, Integer> ids = new LinkedHashMap<>();
    private final AtomicLongArray generations;

    Tags(Collection<String> names) {
        for (String name : names) {
            ids.putIfAbsent(name, ids.size() + 1);
        }
        generations = new AtomicLongArray(ids.size() + 1);
    }

    /** The id of {@code tag}, or -1 if no route has it. */
    int id(String tag) {
        return ids.getOrDefault(tag, -1);
    }

    int[] ids(List<String> tags) {
        return tags.stream().mapToInt(this::id).filter(i -> i > 0).toArray();
    }

    List<String> names() {
        return List.copyOf(ids.keySet());
    }

    String name(int id) {
        return ids.entrySet().stream()
                .filter(e -> e.getValue() == id)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("?");
    }

    int size() {
        return ids.size();
    }

    /** The current generations of {@code tagIds}, first the global one. */
    long[] stamp(int[] tagIds) {
        long[] stamp = new long[tagIds.length + 1];
        stamp[0] = generations.get(0);
        for (int i = 0; i < tagIds.length; i++) {
            stamp[i + 1] = generations.get(tagIds[i]);
        }
        return stamp;
    }

    /** Whether nothing in {@code tagIds} has been invalidated since {@code stamp} was taken. */
    boolean current(int[] tagIds, long[] stamp) {
        if (generations.get(0) != stamp[0]) {
            return false;
        }
        for (int i = 0; i < tagIds.length; i++) {
            if (generations.get(tagIds[i]) != stamp[i + 1]) {
                return false;
            }
        }
        return true;
    }

    void invalidate(int id) {
        generations.incrementAndGet(id);
    }

    void invalidateAll() {
        generations.incrementAndGet(0);
    }
}
