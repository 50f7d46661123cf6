package dev.helix.gateway.provider;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.gateway.config.ProviderConfig;
import dev.helix.gateway.provider.http.MalformedResponseException;
import dev.helix.gateway.provider.http.UpstreamClient;
import dev.helix.gateway.provider.http.UpstreamResponse;
import dev.helix.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * HTTP to one provider: a pooled keep-alive client with TCP_NODELAY and the provider's connect timeout, the
 * provider's fixed headers (credentials included), and every way a call can fail turned into an
 * {@link UpstreamException} that names the provider and never the key.
 */
public final class UpstreamHttp implements AutoCloseable {
    /** Most bytes of an error or complete response read into memory. */
    public static final int MAX_BODY = 32 * 1024 * 1024;

    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final String JSON = "application/json";

    private final ProviderConfig config;
    private final UpstreamClient client;
    private final Function<JsonNode, String> errorMessage;

    /**
     * @param config       the provider
     * @param credentials  the headers that carry its key (added to {@code config.headers()})
     * @param errorMessage reads the provider's error body into a message (null when it has none)
     */
    public UpstreamHttp(
            ProviderConfig config, Map<String, String> credentials, Function<JsonNode, String> errorMessage) {
        this.config = config;
        this.errorMessage = errorMessage;
        ProviderConfig.Timeouts t = config.timeouts();
        Duration socketTimeout = t.firstByte().compareTo(t.idle()) > 0 ? t.firstByte() : t.idle();
        Map<String, String> headers = new LinkedHashMap<>(config.headers());
        headers.putAll(credentials);
        this.client = new UpstreamClient(config.baseUrl(), headers, t.connect(), socketTimeout.plusSeconds(1));
    }

    public ProviderConfig config() {
        return config;
    }

    /** The URI of {@code path} under the base URL. */
    public URI uri(String path) {
        return URI.create(config.baseUrl() + path);
    }

    /** POSTs {@code body} as JSON and returns the open 2xx response; anything else throws. */
    public UpstreamResponse post(URI uri, byte[] body, CallWatch watch) {
        return send("POST", uri, body, watch);
    }

    /** GETs {@code uri} and returns the open 2xx response; anything else throws. */
    public UpstreamResponse get(URI uri, CallWatch watch) {
        return send("GET", uri, null, watch);
    }

    private UpstreamResponse send(String method, URI uri, byte @Nullable [] body, CallWatch watch) {
        UpstreamResponse response;
        try {
            response = client.send(method, uri, body == null ? null : JSON, body);
        } catch (IOException | RuntimeException e) {
            throw failure(e, watch, false);
        }
        watch.reading(response);
        int status = response.status();
        if (status / 100 != 2) {
            try (response) {
                throw statusFailure(response, status, watch);
            }
        }
        return response;
    }

    /**
     * Reads the whole body of {@code response} (at most {@link #MAX_BODY} bytes) and closes it. A body with a
     * {@code Content-Length} is read to exactly that size, into one array of that size. Every piece that arrives
     * counts as activity for the idle timeout, so only a body that stops arriving is idle, however long it takes.
     */
    public byte[] readAll(UpstreamResponse response, CallWatch watch) {
        long declared = response.contentLength().orElse(-1);
        boolean known = declared >= 0 && declared <= MAX_BODY;
        int max = known ? (int) declared : MAX_BODY + 1;
        try (response;
                InputStream in = response.body()) {
            byte[] bytes = read(in, max, known ? max : Math.min(max, 8192), watch);
            if (bytes.length > MAX_BODY) {
                throw UpstreamException.of(
                        UpstreamException.Kind.BAD_RESPONSE,
                        "provider " + config.id() + " answered more than " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UpstreamException u) {
                throw u;
            }
            throw failure(e, watch, true);
        }
    }

    /** Reads up to {@code max} bytes into an array of {@code initial} bytes that grows; touches {@code watch}. */
    private static byte[] read(InputStream in, int max, int initial, CallWatch watch) throws IOException {
        byte[] bytes = new byte[initial];
        int length = 0;
        while (length < max) {
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min(max, bytes.length * 2L));
            }
            int n = in.read(bytes, length, bytes.length - length);
            if (n < 0) {
                break;
            }
            length += n;
            watch.touch();
        }
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    /** Parses a complete JSON response; HTML, garbage or truncated JSON is a {@code BAD_RESPONSE}. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = Json.mapper().readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config.id() + " answered with a body that is not a JSON object (" + describe(body)
                            + ")");
        }
    }

    /** {@code translation} of an answer, with an answer it cannot read reported as a {@code BAD_RESPONSE}. */
    public <T> T translate(java.util.function.Supplier<T> translation) {
        try {
            return translation.get();
        } catch (IllegalArgumentException e) {
            throw UpstreamException.of(
                    UpstreamException.Kind.BAD_RESPONSE,
                    "provider " + config.id() + " answered something that cannot be read: " + e.getMessage());
        }
    }

    /** What reading the upstream threw, as an {@link UpstreamException}. */
    public UpstreamException failure(Throwable e, CallWatch watch, boolean afterHeaders) {
        CallWatch.Expiry expiry = watch.expiry();
        String who = "provider " + config.id() + " (" + config.baseUrl().getHost() + ")";
        if (expiry != null) {
            UpstreamException.Kind kind =
                    expiry.clientLeft() ? UpstreamException.Kind.CUT : UpstreamException.Kind.TIMEOUT;
            return new UpstreamException(kind, 0, null, who + ": " + expiry.message(), e);
        }
        Throwable cause = e instanceof UncheckedIOException u ? Objects.requireNonNull(u.getCause()) : e;
        if (cause instanceof MalformedResponseException) {
            return new UpstreamException(
                    UpstreamException.Kind.BAD_RESPONSE,
                    0,
                    null,
                    who + " answered something that is not valid HTTP: " + cause.getMessage(),
                    e);
        }
        if (!afterHeaders && cause instanceof SSLException) {
            return new UpstreamException(
                    UpstreamException.Kind.CONNECT,
                    0,
                    null,
                    who + " could not be reached over TLS: " + cause.getMessage(),
                    e);
        }
        if (!afterHeaders
                && (cause instanceof ConnectException
                        || cause instanceof UnknownHostException
                        || cause instanceof NoRouteToHostException)) {
            return new UpstreamException(
                    UpstreamException.Kind.CONNECT, 0, null, who + " could not be reached: " + cause.getMessage(), e);
        }
        if (cause instanceof SocketTimeoutException) {
            return new UpstreamException(
                    UpstreamException.Kind.TIMEOUT,
                    0,
                    null,
                    who + " timed out after " + watch.elapsedMillis() + " ms",
                    e);
        }
        return new UpstreamException(
                UpstreamException.Kind.CUT,
                0,
                null,
                who + " closed the connection "
                        + (afterHeaders ? "in the middle of the response" : "without answering") + " ("
                        + (cause.getMessage() != null
                                ? cause.getMessage()
                                : cause.getClass().getSimpleName()) + ")",
                e);
    }

    private UpstreamException statusFailure(UpstreamResponse response, int status, CallWatch watch) {
        byte[] body;
        try (InputStream in = response.body()) {
            body = read(in, MAX_ERROR_BODY, 8192, watch);
        } catch (IOException | RuntimeException e) {
            body = new byte[0];
        }
        String message = null;
        try {
            message = errorMessage.apply(Json.mapper().readTree(body));
        } catch (IOException | RuntimeException ignored) {
            // not JSON: described below
        }
        Duration retryAfter = retryAfter(response);
        return new UpstreamException(
                UpstreamException.Kind.STATUS,
                status,
                retryAfter,
                "provider " + config.id() + " answered " + status + ": " + (message != null ? message : describe(body)),
                null);
    }

    private static @Nullable Duration retryAfter(UpstreamResponse response) {
        try {
            Optional<String> ms = response.header("retry-after-ms");
            if (ms.isPresent()) {
                return Duration.ofMillis((long) Double.parseDouble(ms.get().trim()));
            }
            Optional<String> value = response.header("retry-after");
            if (value.isEmpty()) {
                return null;
            }
            String v = value.get().trim();
            if (v.chars().allMatch(Character::isDigit)) {
                return Duration.ofSeconds(Long.parseLong(v));
            }
            Duration d = Duration.between(
                    ZonedDateTime.now(ZoneOffset.UTC), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String describe(byte[] body) {
        if (body.length == 0) {
            return "empty body";
        }
        String text = new String(body, 0, Math.min(body.length, 120), StandardCharsets.UTF_8)
                .strip()
                .replaceAll("\\s+", " ");
        return text.startsWith("<") ? "HTML or XML: " + text : "starts with: " + text;
    }

    @Override
    public void close() {
        client.close();
    }
}
