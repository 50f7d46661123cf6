package dev.helix.gateway.usage;

import dev.helix.events.EventTypes;
import dev.helix.events.NewEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code gateway.called} event written with each usage record. */
final class GatewayEvents {
    private GatewayEvents() {}

    /**
     * The event for {@code r}: what was called, for which agent and task, how it ended, its tokens, cost and latency;
     * the actor is its key.
     */
    static NewEvent called(UsageRecord r) {
        Map<String, Object> data = new LinkedHashMap<>();
        putIfKnown(data, "requestId", r.requestId());
        putIfKnown(data, "model", r.model());
        putIfKnown(data, "provider", r.provider());
        putIfKnown(data, "deployment", r.deployment());
        putIfKnown(data, "agent", r.agent());
        putIfKnown(data, "task", r.task());
        data.put("status", r.status());
        data.put("promptTokens", r.usage().promptTokens());
        data.put("completionTokens", r.usage().completionTokens());
        data.put("costUsd", r.costUsd());
        data.put("latencyMs", r.latencyMillis());
        data.put("cacheHit", r.cacheHit());
        data.put("attempts", r.attempts());
        if (r.refused() != null) {
            data.put("refused", r.refused().id());
        }
        return new NewEvent(EventTypes.GATEWAY_CALLED, EventTypes.GATEWAY, r.keyId(), data, r.at());
    }

    private static void putIfKnown(Map<String, Object> data, String name, @Nullable String value) {
        if (value != null) {
            data.put(name, value);
        }
    }
}
