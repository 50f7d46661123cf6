package dev.helix.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The command line of the load tools: {@code --name value} or {@code --name=value} options, each with an
 * environment variable and a default as fallbacks. An unknown option or a malformed number stops the tool with a
 * message naming it.
 */
final class BenchArgs {
    private final Map<String, String> values = new HashMap<>();

    private BenchArgs() {}

    /** Parses {@code args}; {@code known} are the option names (without dashes) the tool accepts. */
    static BenchArgs parse(String[] args, Set<String> known) {
        BenchArgs parsed = new BenchArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(
                        "unexpected argument '" + arg + "'; options are --" + String.join(", --", known));
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException(
                        "unknown option --" + name + "; options are --" + String.join(", --", known));
            }
            parsed.values.put(name, value);
        }
        return parsed;
    }

    /** The option {@code name}, else the environment variable {@code env}, else {@code fallback}. */
    String text(String name, String env, String fallback) {
        String v = values.get(name);
        if (v == null && env != null) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** A whole number from {@code min} up, looked up like {@link #text}. */
    int number(String name, String env, int fallback, int min) {
        String text = text(name, env, Integer.toString(fallback));
        try {
            int v = Integer.parseInt(text);
            if (v >= min) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("--" + name + (env == null ? "" : " (or " + env + ")")
                + " must be a whole number of at least " + min + ", not '" + text + "'");
    }

    /** The Helix base URL ({@code --url} or {@code HELIX_BENCH_URL}), which must be http on a loopback address. */
    URI loopbackUrl() {
        return loopback(text("url", "HELIX_BENCH_URL", "http://127.0.0.1:8080"), "url");
    }

    /** {@code text} as a URL without trailing slashes, which must be http on a loopback address with a port. */
    static URI loopback(String text, String option) {
        URI uri;
        try {
            uri = URI.create(text.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + " is not a URL: '" + text + "'");
        }
        String host = uri.getHost();
        boolean loopback = host != null
                && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1"));
        if (!"http".equals(uri.getScheme()) || !loopback) {
            throw new IllegalArgumentException("--" + option + " must be http://127.0.0.1:PORT (load tools talk to "
                    + "loopback only), not '" + uri + "'");
        }
        return uri;
    }

    /** The API key to send, from {@code HELIX_BENCH_KEY} (never an option, so it stays out of process lists). */
    static String apiKey() {
        String key = System.getenv("HELIX_BENCH_KEY");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("set HELIX_BENCH_KEY to an admin API key of the server under test");
        }
        return key.trim();
    }
}
