package dev.helix.config;

import dev.helix.config.HelixConfig.Caching;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Parses the structured values of the {@code caching} section: the route policies
 * ({@code /status ttl=1s tags=status scope=shared; /api/v1/state ttl=5m query=path scope=role tags=state}) and the
 * event invalidations ({@code state.changed=state,status; agents.changed=agents}).
 */
final class CachingValues {
    static final int MAX_ROUTES = 100;
    static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TEMPLATE = Pattern.compile("/[A-Za-z0-9._~{}/-]{0,255}");
    private static final Pattern QUERY_NAME = Pattern.compile("\\*|[A-Za-z0-9._-]{1,64}");
    private static final Pattern EVENT = Pattern.compile("\\*|[a-z0-9][a-z0-9._-]{0,99}(\\.\\*)?");
    private static final ValueType<Duration> TIME = ValueType.duration(Duration.ZERO, Duration.ofDays(1));

    private CachingValues() {}

    static ValueType<List<Caching.Route>> routes() {
        return ValueType.of(
                "routes separated by ';', each a GET route template and options, e.g. '/status ttl=1s "
                        + "tags=status scope=shared' (options: ttl, stale, maxAge as durations; scope=shared|role|principal; "
                        + "query=name,…|*; tags=a,b)",
                CachingValues::parseRoutes);
    }

    static ValueType<Map<String, List<String>>> invalidations() {
        return ValueType.of(
                "'event.type=tag,tag' pairs separated by ';' (an event type may end in '.*')",
                CachingValues::parseInvalidations);
    }

    private static List<Caching.Route> parseRoutes(String text) {
        List<Caching.Route> out = new ArrayList<>();
        for (String part : text.split(";")) {
            if (!part.isBlank()) {
                Caching.Route route = route(part.trim());
                if (out.stream().anyMatch(r -> r.template().equals(route.template()))) {
                    throw new ValueType.Rejected("route " + route.template() + " is listed twice");
                }
                out.add(route);
            }
        }
        if (out.size() > MAX_ROUTES) {
            throw new ValueType.Rejected("at most " + MAX_ROUTES + " routes");
        }
        return out;
    }

    private static Caching.Route route(String text) {
        String[] words = text.split("\\s+");
        String template = words[0];
        if (!TEMPLATE.matcher(template).matches()) {
            throw new ValueType.Rejected("'" + shorten(template) + "' is not a route template such as /api/v1/agents");
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq <= 0 || options.put(words[i].substring(0, eq), words[i].substring(eq + 1)) != null) {
                throw new ValueType.Rejected(
                        template + ": '" + shorten(words[i]) + "' is not a name=value option " + "given once");
            }
        }
        return route(template, options);
    }

    private static Caching.Route route(String template, Map<String, String> options) {
        Duration ttl = duration(template, "ttl", options.remove("ttl"), "30s");
        if (ttl.isZero()) {
            throw new ValueType.Rejected(template + ": ttl must be above 0 (leave the route out to not cache it)");
        }
        Duration stale = duration(template, "stale", options.remove("stale"), "0s");
        Duration maxAge = duration(template, "maxAge", options.remove("maxAge"), "0s");
        Caching.Scope scope = scope(template, options.remove("scope"));
        List<String> query = list(template, "query", options.remove("query"), QUERY_NAME);
        List<String> tags = list(template, "tags", options.remove("tags"), TAG);
        if (!options.isEmpty()) {
            throw new ValueType.Rejected(template + ": unknown option '"
                    + options.keySet().iterator().next() + "' (known: ttl, stale, maxAge, scope, query, tags)");
        }
        return new Caching.Route(template, new Caching.Policy(ttl, stale, maxAge, scope, query, tags));
    }

    /** {@code policy}'s options as {@link #routes()} reads them: ttl always, the others unless they are defaults. */
    static String text(Caching.Policy policy) {
        StringBuilder sb = new StringBuilder("ttl=").append(Durations.format(policy.ttl()));
        if (policy.stale().isPositive()) {
            sb.append(" stale=").append(Durations.format(policy.stale()));
        }
        if (policy.maxAge().isPositive()) {
            sb.append(" maxAge=").append(Durations.format(policy.maxAge()));
        }
        sb.append(" scope=").append(policy.scope().name().toLowerCase(Locale.ROOT));
        if (!policy.query().isEmpty()) {
            sb.append(" query=").append(String.join(",", policy.query()));
        }
        if (!policy.tags().isEmpty()) {
            sb.append(" tags=").append(String.join(",", policy.tags()));
        }
        return sb.toString();
    }

    private static Duration duration(String template, String name, @Nullable String text, String fallback) {
        try {
            return TIME.parse(text == null ? fallback : text);
        } catch (RuntimeException e) {
            throw new ValueType.Rejected(template + ": " + name + " must be a duration from 0s to 1d such as 30s, "
                    + "not '" + shorten(text) + "'");
        }
    }

    private static Caching.Scope scope(String template, @Nullable String text) {
        if (text == null) {
            return Caching.Scope.PRINCIPAL;
        }
        try {
            return Caching.Scope.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValueType.Rejected(
                    template + ": scope must be shared, role or principal, not '" + shorten(text) + "'");
        }
    }

    private static List<String> list(String where, String name, @Nullable String text, Pattern item) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : text.split(",")) {
            String v = value.trim();
            if (!item.matcher(v).matches()) {
                throw new ValueType.Rejected(where + ": " + name + " item '" + shorten(v) + "' is not allowed");
            }
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private static Map<String, List<String>> parseInvalidations(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            String event = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            if (eq < 0 || !EVENT.matcher(event).matches()) {
                throw new ValueType.Rejected("'" + shorten(part.trim()) + "' is not event.type=tag,tag");
            }
            if (out.put(event, list(event, "tags", part.substring(eq + 1).trim(), TAG)) != null) {
                throw new ValueType.Rejected("event " + event + " is listed twice");
            }
        }
        return out;
    }

    private static String shorten(@Nullable String text) {
        return text == null ? "" : text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
