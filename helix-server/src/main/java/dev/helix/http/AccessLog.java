package dev.helix.http;

import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request on logger {@code helix.access}: method, path, status, time, bytes, caller, request id.
 * Query values that may be secrets are masked; headers are never logged.
 */
final class AccessLog {
    private static final Logger LOG = LoggerFactory.getLogger("helix.access");
    private static final Set<String> SECRET_PARAMS = Set.of("access_token", "token", "key", "api_key", "apikey",
            "password", "secret", "signature", "sig");

    private final boolean enabled;

    AccessLog(boolean enabled) {
        this.enabled = enabled && LOG.isInfoEnabled();
    }

    void log(String method, String path, String rawQuery, int status, long nanos, long bytes, String caller) {
        if (!enabled) {
            return;
        }
        String target = rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + maskQuery(rawQuery);
        LOG.info("{} {} {} {}ms {}B caller={}", method, target, status,
                String.format(Locale.ROOT, "%.2f", nanos / 1e6), bytes, caller);
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
