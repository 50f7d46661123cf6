package dev.helix.http;

import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on logger {@code helix.access}: method, path, status, time, bytes, caller, request id. A
 * stream (SSE, WebSocket) gets its line when it ends, with its whole duration and bytes, and the messages it sent
 * (and, for a WebSocket, received). Query values that may be secrets are masked; headers are never logged.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("helix.access");
    private static final Set<String> SECRET_PARAMS =
            Set.of("access_token", "token", "key", "api_key", "apikey", "password", "secret", "signature", "sig");

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled && LOG.isInfoEnabled();
    }

    boolean enabled() {
        return enabled;
    }

    void log(String method, String path, String rawQuery, int status, long nanos, long bytes, String caller) {
        if (enabled) {
            LOG.info(
                    "{} {} {} {}ms {}B caller={}",
                    method,
                    target(path, rawQuery),
                    status,
                    millis(nanos),
                    bytes,
                    caller);
        }
    }

    /**
     * The line of a stream that has ended: {@code sent=} messages after the caller and, for a WebSocket
     * ({@code duplex}), {@code received=} messages and {@code receivedBytes=}; bytes are those sent.
     */
    void stream(
            String method,
            String path,
            @Nullable String rawQuery,
            int status,
            long nanos,
            String caller,
            StreamTally tally,
            boolean duplex) {
        if (!enabled) {
            return;
        }
        String received =
                duplex ? " received=" + tally.receivedMessages() + " receivedBytes=" + tally.receivedBytes() : "";
        LOG.info(
                "{} {} {} {}ms {}B caller={} sent={}{}",
                method,
                target(path, rawQuery),
                status,
                millis(nanos),
                tally.sentBytes(),
                caller,
                tally.sentMessages(),
                received);
    }

    private static String target(String path, @Nullable String rawQuery) {
        return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + maskQuery(rawQuery);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /** The name as the server reads it, so an encoded {@code acc%65ss_token} is masked too. */
    private static String decoded(String name) {
        try {
            return java.net.URLDecoder.decode(name, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return name;
        }
    }

    static String maskQuery(String rawQuery) {
        StringBuilder sb = new StringBuilder(rawQuery.length());
        for (String pair : rawQuery.split("&", -1)) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            boolean secret = SECRET_PARAMS.contains(decoded(name).toLowerCase(Locale.ROOT));
            sb.append(eq >= 0 && secret ? name + "=****" : pair);
        }
        return sb.toString();
    }
}
