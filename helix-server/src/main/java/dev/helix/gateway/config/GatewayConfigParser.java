package dev.helix.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.helix.config.ConfigException;
import dev.helix.config.ValueType;
import dev.helix.gateway.provider.http.HeaderFields;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the {@code gateway:} section of {@code helix.yaml} into a {@link GatewayConfig}, checking every field and
 * every reference between them. Throws {@link ConfigException} naming the first problem.
 */
public final class GatewayConfigParser {
    static final int MAX_PROVIDERS = 100;
    static final int MAX_MODELS = 500;
    static final int MAX_ROUTERS = 100;
    static final int MAX_DEPLOYMENTS = 50;
    static final int MAX_CONTEXT_WINDOW = 100_000_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private GatewayConfigParser() {}

    /** The gateway section of the YAML document {@code yaml} read from {@code source}; empty if it has none. */
    public static GatewayConfig parse(byte[] yaml, String source, Map<String, String> env) {
        JsonNode root;
        try {
            root = yaml.length == 0 ? null : YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    "cannot read " + source + ": line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read " + source + ": " + e.getMessage());
        }
        if (root == null
                || root.isMissingNode()
                || root.get("gateway") == null
                || root.get("gateway").isNull()) {
            return GatewayConfig.EMPTY;
        }
        return read(new Section(root.get("gateway"), "gateway", source, env));
    }

    private static GatewayConfig read(Section gateway) {
        gateway.only(Set.of("providers", "models", "routers", "retry", "breaker", "cache", "healthCheck"));
        Map<String, ProviderConfig> providers = providers(gateway);
        List<ModelConfig> models = gateway.sections("models").stream()
                .map(m -> model(m, providers))
                .toList();
        if (models.size() > MAX_MODELS) {
            throw gateway.fail("gateway.models", "has " + models.size() + " entries; at most " + MAX_MODELS);
        }
        checkModels(gateway, models);
        List<RouterConfig> routers = routers(gateway, models);
        return new GatewayConfig(providers, models, routers, retry(gateway), cache(gateway.section("cache")));
    }

    private static Map<String, ProviderConfig> providers(Section gateway) {
        Map<String, ProviderConfig> out = new LinkedHashMap<>();
        for (Section p : gateway.sections("providers")) {
            ProviderConfig provider = provider(p);
            if (out.putIfAbsent(provider.id(), provider) != null) {
                throw p.fail(p.path() + ".id", "'" + provider.id() + "' is already used by another provider");
            }
        }
        if (out.size() > MAX_PROVIDERS) {
            throw gateway.fail("gateway.providers", "has " + out.size() + " entries; at most " + MAX_PROVIDERS);
        }
        return out;
    }

    private static ProviderConfig provider(Section p) {
        p.only(Set.of("id", "kind", "baseUrl", "apiKey", "headers", "timeouts", "healthCheck"));
        String id = name(p, "id");
        String kindText = p.text("kind", null);
        ProviderKind kind = ProviderKind.of(kindText)
                .orElseThrow(() ->
                        p.fail(p.path() + ".kind", "is '" + kindText + "'; expected openai, anthropic or gemini"));
        URI baseUrl = baseUrl(p, kind);
        Section t = p.section("timeouts").only(Set.of("connect", "firstByte", "idle", "total"));
        ProviderConfig.Timeouts d = ProviderConfig.Timeouts.DEFAULTS;
        ProviderConfig.Timeouts timeouts = new ProviderConfig.Timeouts(
                t.duration("connect", d.connect(), Duration.ofMinutes(5)),
                t.duration("firstByte", d.firstByte(), Duration.ofHours(1)),
                t.duration("idle", d.idle(), Duration.ofHours(1)),
                t.duration("total", d.total(), Duration.ofHours(2)));
        String apiKey = p.text("apiKey", "");
        if (!HeaderFields.validValue(apiKey)) {
            throw p.fail(p.path() + ".apiKey", "contains a line break");
        }
        return new ProviderConfig(
                id, kind, baseUrl, apiKey, headers(p), timeouts, p.value("healthCheck", "true", ValueType.bool()));
    }

    private static Map<String, String> headers(Section p) {
        Map<String, String> headers = p.textMap("headers");
        headers.forEach((name, value) -> {
            if (!HeaderFields.validName(name)) {
                throw p.fail(p.path() + ".headers", "has '" + name + "', which is not a valid header name");
            }
            if (!HeaderFields.validValue(value)) {
                throw p.fail(p.path() + ".headers." + name, "contains a line break");
            }
        });
        return headers;
    }

    private static URI baseUrl(Section p, ProviderKind kind) {
        String fallback = switch (kind) {
            case OPENAI -> null;
            case ANTHROPIC -> "https://api.anthropic.com/v1";
            case GEMINI -> "https://generativelanguage.googleapis.com/v1beta";
        };
        String text = p.text("baseUrl", fallback);
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (!(scheme.equals("http") || scheme.equals("https"))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new URISyntaxException(text, "not an absolute http(s) URL without query");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw p.fail(
                    p.path() + ".baseUrl",
                    "is '" + text + "'; expected an http:// or https:// URL such as " + "https://api.openai.com/v1");
        }
    }

    private static ModelConfig model(Section m, Map<String, ProviderConfig> providers) {
        m.only(Set.of("name", "strategy", "deployments", "fallbacks", "contextWindow"));
        String name = name(m, "name");
        String strategyText = m.text("strategy", "cost");
        Strategy strategy = Strategy.of(strategyText)
                .orElseThrow(() -> m.fail(
                        m.path() + ".strategy",
                        "is '" + strategyText + "'; expected cost, weighted, latency or ordered"));
        List<Section> list = m.sections("deployments");
        if (list.isEmpty() || list.size() > MAX_DEPLOYMENTS) {
            throw m.fail(m.path() + ".deployments", "must list 1 to " + MAX_DEPLOYMENTS + " deployments");
        }
        List<DeploymentConfig> deployments =
                list.stream().map(d -> deployment(d, providers)).toList();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < deployments.size(); i++) {
            if (!ids.add(deployments.get(i).id())) {
                throw m.fail(
                        list.get(i).path(),
                        "repeats deployment " + deployments.get(i).id());
            }
        }
        int window = m.value("contextWindow", "0", ValueType.integer(0, MAX_CONTEXT_WINDOW));
        return new ModelConfig(name, strategy, deployments, m.texts("fallbacks"), window);
    }

    private static DeploymentConfig deployment(Section d, Map<String, ProviderConfig> providers) {
        d.only(Set.of(
                "provider", "model", "pricePerMillion", "weight", "contextWindow", "tools", "vision", "jsonMode"));
        String provider = d.text("provider", null);
        if (!providers.containsKey(provider)) {
            throw d.fail(
                    d.path() + ".provider",
                    "is '" + provider + "', which is not a provider; defined: "
                            + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())));
        }
        Section price = d.section("pricePerMillion").only(Set.of("input", "output", "cachedInput"));
        double input = price.number("input", 0, 1_000_000);
        DeploymentConfig.Price p = new DeploymentConfig.Price(
                input, price.number("output", 0, 1_000_000), price.number("cachedInput", input, 1_000_000));
        return new DeploymentConfig(
                provider,
                name(d, "model"),
                p,
                d.value("weight", "1", ValueType.integer(0, 1_000_000)),
                d.value("contextWindow", "0", ValueType.size(0, MAX_CONTEXT_WINDOW)),
                d.value("tools", "true", ValueType.bool()),
                d.value("vision", "true", ValueType.bool()),
                d.value("jsonMode", "true", ValueType.bool()));
    }

    private static void checkModels(Section gateway, List<ModelConfig> models) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < models.size(); i++) {
            if (!names.add(models.get(i).name())) {
                throw gateway.fail(
                        "gateway.models[" + i + "].name",
                        "'" + models.get(i).name() + "' is already used by another model");
            }
        }
        for (int i = 0; i < models.size(); i++) {
            for (String fallback : models.get(i).fallbacks()) {
                if (!names.contains(fallback) || fallback.equals(models.get(i).name())) {
                    throw gateway.fail(
                            "gateway.models[" + i + "].fallbacks",
                            "names '" + fallback + "', which is "
                                    + (fallback.equals(models.get(i).name())
                                            ? "the model itself"
                                            : "not a model; defined: " + String.join(", ", names)));
                }
            }
        }
    }

    /** The routers: names unused by models and other routers, each tier naming a model (not another router). */
    private static List<RouterConfig> routers(Section gateway, List<ModelConfig> models) {
        List<Section> list = gateway.sections("routers");
        if (list.size() > MAX_ROUTERS) {
            throw gateway.fail("gateway.routers", "has " + list.size() + " entries; at most " + MAX_ROUTERS);
        }
        Set<String> modelNames = new LinkedHashSet<>();
        models.forEach(m -> modelNames.add(m.name()));
        Set<String> taken = new HashSet<>(modelNames);
        List<RouterConfig> routers = new ArrayList<>();
        for (Section r : list) {
            r.only(Set.of("name", "tiers"));
            String name = name(r, "name");
            if (!taken.add(name)) {
                throw r.fail(r.path() + ".name", "'" + name + "' is already used by a model or another router");
            }
            routers.add(new RouterConfig(name, tiers(r, modelNames)));
        }
        return routers;
    }

    private static Map<Tier, String> tiers(Section router, Set<String> modelNames) {
        Map<String, String> written = router.textMap("tiers");
        String where = router.path() + ".tiers";
        if (written.isEmpty()) {
            throw router.fail(where, "must name a model for at least one of simple, medium, complex, reasoning");
        }
        Map<Tier, String> tiers = new EnumMap<>(Tier.class);
        written.forEach((tierName, model) -> {
            Tier tier = Tier.of(tierName)
                    .orElseThrow(() -> router.fail(
                            where + "." + tierName, "is not a tier; expected simple, medium, complex or reasoning"));
            if (!modelNames.contains(model)) {
                throw router.fail(
                        where + "." + tierName,
                        "names '" + model + "', which is not a model; defined: "
                                + (modelNames.isEmpty() ? "none" : String.join(", ", modelNames)));
            }
            tiers.put(tier, model);
        });
        return tiers;
    }

    private static GatewayConfig.RetrySettings retry(Section gateway) {
        GatewayConfig.RetrySettings d = GatewayConfig.RetrySettings.DEFAULTS;
        Section r = gateway.section("retry").only(Set.of("attempts", "backoff", "maxBackoff", "on"));
        Set<RetryCondition> on = r.has("on") ? retryOn(r) : d.retryOn();
        Section b = gateway.section("breaker").only(Set.of("failureRate", "minimumCalls", "window", "openFor"));
        GatewayConfig.BreakerSettings bd = GatewayConfig.BreakerSettings.DEFAULTS;
        GatewayConfig.BreakerSettings breaker = new GatewayConfig.BreakerSettings(
                b.value("failureRate", "" + bd.failureRate(), ValueType.integer(1, 100)),
                b.value("minimumCalls", "" + bd.minimumCalls(), ValueType.integer(1, 10_000)),
                b.value("window", "" + bd.window(), ValueType.integer(1, 10_000)),
                b.duration("openFor", bd.openFor(), Duration.ofHours(1)));
        Section h = gateway.section("healthCheck").only(Set.of("interval"));
        return new GatewayConfig.RetrySettings(
                r.value("attempts", "" + d.attempts(), ValueType.integer(1, 20)),
                r.duration("backoff", d.backoff(), Duration.ofMinutes(1)),
                r.duration("maxBackoff", d.maxBackoff(), Duration.ofMinutes(5)),
                on,
                breaker,
                h.duration("interval", d.healthInterval(), Duration.ofHours(24)));
    }

    private static Set<RetryCondition> retryOn(Section r) {
        Set<RetryCondition> on = new LinkedHashSet<>();
        for (String word : r.texts("on")) {
            on.add(RetryCondition.parse(word)
                    .orElseThrow(() -> r.fail(
                            r.path() + ".on",
                            "has '" + word + "'; expected connect, timeout, 429, 5xx or a 4xx/5xx status code")));
        }
        return on;
    }

    private static GatewayConfig.CacheSettings cache(Section c) {
        c.only(Set.of("enabled", "ttl", "maxEntries"));
        GatewayConfig.CacheSettings d = GatewayConfig.CacheSettings.DEFAULTS;
        return new GatewayConfig.CacheSettings(
                c.value("enabled", "true", ValueType.bool()),
                c.duration("ttl", d.ttl(), Duration.ofDays(30)),
                c.value("maxEntries", "" + d.maxEntries(), ValueType.size(0, 10_000_000)));
    }

    private static String name(Section s, String field) {
        String text = s.text(field, null);
        if (!NAME.matcher(text).matches()) {
            throw s.fail(s.path() + "." + field, "is '" + text + "'; expected 1 to 128 letters, digits or . _ : / @ -");
        }
        return text;
    }
}
