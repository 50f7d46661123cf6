package dev.helix.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.helix.gateway.config.GatewayConfig;
import dev.helix.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The exact-match cache: a request (normalized: object keys sorted) maps to the answer it got, per API key so no
 * caller is ever served another's answer. Entries larger than {@link #MAX_ENTRY_BYTES} are not kept. In memory
 * (Caffeine), and, with {@link SharedAnswers}, in Redis too, so an answer cached by one node is served by all.
 */
public final class ResponseCache {
    /** Largest answer kept. */
    public static final int MAX_ENTRY_BYTES = 1024 * 1024;

    /**
     * A cached answer: a complete body, or the chunks of a stream.
     *
     * @param body       the JSON of a complete answer, or null for a stream
     * @param chunks     the chunk payloads of a stream, or empty
     * @param deployment the deployment that first produced it
     */
    public record Answer(byte @Nullable [] body, List<byte[]> chunks, String deployment) {
        public Answer {
            chunks = List.copyOf(chunks);
        }

        int bytes() {
            return body != null
                    ? body.length
                    : chunks.stream().mapToInt(c -> c.length).sum();
        }
    }

    private final @Nullable SharedAnswers shared;
    private volatile GatewayConfig.CacheSettings settings;
    private volatile Cache<String, Answer> cache;

    /** A cache in this node's memory only. */
    public ResponseCache(GatewayConfig.CacheSettings settings) {
        this(settings, null);
    }

    /** A cache in memory and in {@code shared} (null = memory only). */
    public ResponseCache(GatewayConfig.CacheSettings settings, @Nullable SharedAnswers shared) {
        this.shared = shared;
        this.settings = settings;
        this.cache = newCache(settings);
    }

    /** Applies new settings; a change of size or TTL starts an empty cache. */
    public synchronized void configure(GatewayConfig.CacheSettings newSettings) {
        if (newSettings.equals(settings)) {
            return;
        }
        settings = newSettings;
        cache = newCache(newSettings);
    }

    private static Cache<String, Answer> newCache(GatewayConfig.CacheSettings settings) {
        return Caffeine.newBuilder()
                .maximumSize(settings.maxEntries())
                .expireAfterWrite(settings.ttl())
                .build();
    }

    public boolean enabled() {
        return settings.enabled() && settings.maxEntries() > 0;
    }

    /** The cache key of {@code request} for {@code keyId}. */
    public static String key(String keyId, String kind, ObjectNode request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((keyId + '\n' + kind + '\n').getBytes(StandardCharsets.UTF_8));
            sha.update(Json.bytes(normalized(request)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer cached under {@code key}: from memory, else from Redis (then kept in memory too). */
    public Optional<Answer> get(String key) {
        Answer answer = cache.getIfPresent(key);
        if (answer == null && shared != null) {
            answer = shared.get(key);
            if (answer != null) {
                cache.put(key, answer);
            }
        }
        return Optional.ofNullable(answer);
    }

    /** Keeps {@code answer} under {@code key} for the configured TTL, unless it is larger than the entry limit. */
    public void put(String key, Answer answer) {
        if (answer.bytes() <= MAX_ENTRY_BYTES) {
            cache.put(key, answer);
            if (shared != null) {
                shared.put(key, answer, settings.ttl());
            }
        }
    }

    public long size() {
        return cache.estimatedSize();
    }

    private static Object normalized(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                sorted.put(name, normalized(node.get(name)));
            }
            return sorted;
        }
        if (node.isArray()) {
            List<Object> list = new java.util.ArrayList<>(node.size());
            node.forEach(n -> list.add(normalized(n)));
            return list;
        }
        return node;
    }
}
