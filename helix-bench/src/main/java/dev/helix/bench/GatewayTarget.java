package dev.helix.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the gateway load tools send {@code POST /v1/chat/completions}, and the exact request bytes for it: the mock
 * provider itself ({@code direct}), Helix ({@code helix}, with the admin key from {@code HELIX_BENCH_KEY}), Portkey's
 * gateway ({@code portkey}, told by its headers to forward to the mock as an OpenAI provider) or a plain TCP relay in
 * front of the mock ({@code relay}). The body is the same small chat request for all of them.
 *
 * @param kind    direct, helix, portkey or relay
 * @param label   the name in reports
 * @param host    loopback host
 * @param port    port
 * @param request the whole HTTP request, ready to write
 */
record GatewayTarget(String kind, String label, String host, int port, byte[] request) {
    static final String PATH = "/v1/chat/completions";

    /** The chat body: {@code model}, one short user message, and {@code "stream":true} when streaming. */
    static byte[] body(String model, boolean stream) {
        String json = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]"
                + (stream ? ",\"stream\":true" : "") + "}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A target of {@code kind} at {@code url}; {@code mock} is the mock provider's base URL (Portkey forwards to
     * {@code mock + "/v1"}), {@code model} the model name sent.
     */
    static GatewayTarget of(String kind, URI url, URI mock, String model, boolean stream) {
        String k = kind.toLowerCase(Locale.ROOT);
        List<String> headers = new ArrayList<>();
        String label = switch (k) {
            case "direct" -> "Mock provider, direct (baseline)";
            case "helix" -> {
                headers.add("Authorization: Bearer " + BenchArgs.apiKey());
                yield "Helix";
            }
            case "portkey" -> {
                headers.add("Authorization: Bearer sk-bench-unused");
                headers.add("x-portkey-provider: openai");
                headers.add("x-portkey-custom-host: " + mock + "/v1");
                yield "Portkey gateway";
            }
            case "relay" -> "socat TCP relay";
            default ->
                throw new IllegalArgumentException(
                        "unknown target kind '" + kind + "'; expected direct, helix, portkey or relay");
        };
        if (stream) {
            headers.add("Accept: text/event-stream");
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        byte[] request = RawHttp.post(
                url.getHost(), port, url.getRawPath() + PATH, headers.toArray(String[]::new), body(model, stream));
        return new GatewayTarget(k, label, url.getHost(), port, request);
    }

    /** Parses {@code kind=url,kind=url,...}. */
    static List<GatewayTarget> list(String spec, URI mock, String model, boolean stream) {
        List<GatewayTarget> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--targets takes kind=url items separated by commas, e.g. "
                        + "helix=http://127.0.0.1:8080,relay=http://127.0.0.1:8091; not '" + item + "'");
            }
            out.add(of(
                    item.substring(0, eq).trim(),
                    BenchArgs.loopback(item.substring(eq + 1), "targets"),
                    mock,
                    model,
                    stream));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--targets names no target");
        }
        return out;
    }
}
