package dev.helix.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One upstream API.
 *
 * @param id          the name deployments refer to
 * @param kind        which API it speaks
 * @param baseUrl     where it is, e.g. {@code https://api.openai.com/v1}
 * @param apiKey      its secret (from {@code ${ENV}}); never logged, returned or shown by {@link #toString()}
 * @param headers     extra headers sent with every call (e.g. OpenRouter's {@code HTTP-Referer})
 * @param timeouts    connect, first byte, idle (nothing arriving) once the answer started, total
 * @param healthCheck whether it is probed every {@code retry.healthInterval} (a free models-list call)
 */
public record ProviderConfig(
        String id,
        ProviderKind kind,
        URI baseUrl,
        String apiKey,
        Map<String, String> headers,
        Timeouts timeouts,
        boolean healthCheck) {
    public ProviderConfig {
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "ProviderConfig[id=" + id + ", kind=" + kind.id() + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : "(set)") + ", headers=" + headers.keySet() + ", timeouts=" + timeouts
                + ", healthCheck=" + healthCheck + "]";
    }

    /**
     * Limits on one upstream call.
     *
     * @param connect   to open the connection
     * @param firstByte from sending the request to the response starting
     * @param idle      longest wait for the next piece of an answer that has started, streamed or not
     * @param total     the whole call
     */
    public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
        public static final Timeouts DEFAULTS = new Timeouts(
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
