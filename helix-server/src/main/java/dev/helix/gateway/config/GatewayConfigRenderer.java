package dev.helix.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.helix.config.ConfigRenderer;
import dev.helix.config.Durations;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes a {@link GatewayConfig} as the {@code gateway:} section of {@code helix.yaml}, every default filled in and
 * every secret masked: the API keys and the values of extra headers (which often carry credentials).
 */
public final class GatewayConfigRenderer {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private GatewayConfigRenderer() {}

    private static Map<String, Object> router(RouterConfig r) {
        Map<String, Object> tiers = new LinkedHashMap<>();
        r.tiers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> tiers.put(e.getKey().id(), e.getValue()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", r.name());
        out.put("tiers", tiers);
        return out;
    }

    /** The section as YAML, starting with {@code gateway:}. */
    public static String effective(GatewayConfig config) {
        Map<String, Object> gateway = new LinkedHashMap<>();
        gateway.put(
                "providers",
                config.providers().values().stream()
                        .map(GatewayConfigRenderer::provider)
                        .toList());
        gateway.put(
                "models",
                config.models().stream().map(GatewayConfigRenderer::model).toList());
        if (!config.routers().isEmpty()) {
            gateway.put(
                    "routers",
                    config.routers().stream().map(GatewayConfigRenderer::router).toList());
        }
        gateway.putAll(retry(config.retry()));
        GatewayConfig.CacheSettings c = config.cache();
        gateway.put(
                "cache",
                ordered("enabled", c.enabled(), "ttl", Durations.format(c.ttl()), "maxEntries", c.maxEntries()));
        try {
            return YAML.writeValueAsString(Map.of("gateway", gateway));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> provider(ProviderConfig p) {
        Map<String, Object> headers = new LinkedHashMap<>();
        p.headers().keySet().stream().sorted().forEach(name -> headers.put(name, ConfigRenderer.mask("x")));
        ProviderConfig.Timeouts t = p.timeouts();
        return ordered(
                "id",
                p.id(),
                "kind",
                p.kind().id(),
                "baseUrl",
                p.baseUrl().toString(),
                "apiKey",
                ConfigRenderer.mask(p.apiKey()),
                "headers",
                headers,
                "timeouts",
                ordered(
                        "connect",
                        Durations.format(t.connect()),
                        "firstByte",
                        Durations.format(t.firstByte()),
                        "idle",
                        Durations.format(t.idle()),
                        "total",
                        Durations.format(t.total())),
                "healthCheck",
                p.healthCheck());
    }

    private static Map<String, Object> model(ModelConfig m) {
        List<Object> deployments = new ArrayList<>();
        for (DeploymentConfig d : m.deployments()) {
            deployments.add(ordered(
                    "provider",
                    d.provider(),
                    "model",
                    d.model(),
                    "pricePerMillion",
                    ordered(
                            "input",
                            d.price().input(),
                            "output",
                            d.price().output(),
                            "cachedInput",
                            d.price().cachedInput()),
                    "weight",
                    d.weight(),
                    "contextWindow",
                    d.contextWindow(),
                    "tools",
                    d.tools(),
                    "vision",
                    d.vision(),
                    "jsonMode",
                    d.jsonMode()));
        }
        return ordered(
                "name",
                m.name(),
                "strategy",
                m.strategy().id(),
                "deployments",
                deployments,
                "fallbacks",
                m.fallbacks(),
                "contextWindow",
                m.contextWindow());
    }

    private static Map<String, Object> retry(GatewayConfig.RetrySettings r) {
        GatewayConfig.BreakerSettings b = r.breaker();
        return ordered(
                "retry",
                ordered(
                        "attempts",
                        r.attempts(),
                        "backoff",
                        Durations.format(r.backoff()),
                        "maxBackoff",
                        Durations.format(r.maxBackoff()),
                        "on",
                        new TreeSet<>(
                                r.retryOn().stream().map(RetryCondition::word).toList())),
                "breaker",
                ordered(
                        "failureRate",
                        b.failureRate(),
                        "minimumCalls",
                        b.minimumCalls(),
                        "window",
                        b.window(),
                        "openFor",
                        Durations.format(b.openFor())),
                "healthCheck",
                ordered("interval", Durations.format(r.healthInterval())));
    }

    private static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
