package dev.helix.http;

import dev.helix.access.Role;
import dev.helix.config.HelixConfig;
import java.util.List;

/**
 * The one place that says which routes are public and which need a key or the admin role. Rules are matched
 * in order against the route template; anything not listed needs a key. There is no other way past it.
 */
public final class AccessPolicy {
    /**
     * One rule.
     *
     * @param method   an HTTP method, or {@code *} for any
     * @param template a route template; one ending in {@code /**} also matches everything under it
     * @param access   who may call it
     */
    public record Rule(String method, String template, Access access) {
        boolean matches(String m, String t) {
            boolean methodOk = method.equals("*") || method.equals(m);
            boolean pathOk = template.endsWith("/**")
                    ? t.startsWith(template.substring(0, template.length() - 2))
                            || t.equals(template.substring(0, template.length() - 3))
                    : template.equals(t);
            return methodOk && pathOk;
        }
    }

    private final List<Rule> rules;

    public AccessPolicy(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** Helix's rules. */
    public static AccessPolicy standard(HelixConfig config) {
        Access stateWrites = config.state().writeRole() == Role.ADMIN ? Access.ADMIN : Access.AUTHENTICATED;
        Access consume = config.messaging().consumeRole() == Role.ADMIN ? Access.ADMIN : Access.AUTHENTICATED;
        return new AccessPolicy(List.of(
                new Rule("GET", "/health/live", Access.PUBLIC),
                new Rule("GET", "/health/ready", Access.PUBLIC),
                new Rule("GET", "/status", Access.PUBLIC),
                new Rule("GET", "/metrics", config.auth().publicMetrics() ? Access.PUBLIC : Access.ADMIN),
                new Rule("*", "/api/v1/keys/**", Access.ADMIN),
                new Rule("*", "/api/v1/optimization/**", Access.ADMIN),
                new Rule("GET", "/api/v1/me", Access.AUTHENTICATED),
                new Rule("PUT", "/api/v1/state", stateWrites),
                new Rule("PATCH", "/api/v1/state", stateWrites),
                new Rule("DELETE", "/api/v1/cache", Access.ADMIN),
                new Rule("GET", "/api/v1/agents/{id}/messages", consume),
                new Rule("POST", "/api/v1/agents/{id}/messages/{msgId}/ack", consume),
                new Rule("POST", "/api/v1/agents/{id}/messages/{msgId}/nack", consume),
                new Rule("POST", "/api/v1/agents/{id}/messages/{msgId}/reply", consume)));
    }

    /**
     * Whether {@code template} also takes the key as an {@code access_token} query parameter: only the real-time
     * routes, because browsers cannot set headers on WebSocket and EventSource requests.
     */
    public boolean acceptsQueryToken(String template) {
        return template.equals("/api/v1/realtime") || template.equals("/api/v1/events");
    }

    /** Who may call {@code method template}; {@link Access#AUTHENTICATED} when no rule says otherwise. */
    public Access accessFor(String method, String template) {
        for (Rule rule : rules) {
            if (rule.matches(method, template)) {
                return rule.access();
            }
        }
        return Access.AUTHENTICATED;
    }
}
