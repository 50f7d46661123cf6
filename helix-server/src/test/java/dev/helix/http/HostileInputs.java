package dev.helix.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;

/**
 * A seeded corpus of requests a hostile or broken client may send: the known cases of the edge's hardening, then
 * generated JSON, random bytes and mangled framing over every route that takes input. The same seed gives the same
 * corpus, so a failure can be replayed.
 */
final class HostileInputs {
    /** One request: what it is (for the failure report) and its exact bytes. */
    record Input(String label, byte[] bytes) {}

    /** A route that takes a body: method, path, content type and a valid body to start mutations from. */
    private record Route(String method, String path, String contentType, String validBody, String extraHeaders) {}

    private static final List<Route> ROUTES = List.of(
            new Route("POST", "/api/v1/keys", "application/json", "{\"name\":\"fuzz\",\"role\":\"user\"}", ""),
            new Route("POST", "/api/v1/commands", "application/json", "{\"text\":\"!ping\"}", ""),
            new Route(
                    "POST",
                    "/api/v1/commands/state.set",
                    "application/json",
                    "{\"args\":{\"path\":\"/fuzz\",\"value\":1}}",
                    ""),
            new Route("POST", "/api/v1/commands/help", "application/json", "{\"args\":{\"command\":\"ping\"}}", ""),
            new Route("PUT", "/api/v1/state", "application/json", "{\"fuzz\":{}}", "If-Match: *\r\n"),
            new Route(
                    "PATCH",
                    "/api/v1/state",
                    "application/merge-patch+json",
                    "{\"fuzz\":{\"a\":1}}",
                    "If-Match: *\r\n"),
            new Route(
                    "POST",
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"fast\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                    ""),
            new Route("POST", "/v1/embeddings", "application/json", "{\"model\":\"fast\",\"input\":\"hi\"}", ""));
    private static final List<String> GET_PATHS = List.of(
            "/api/v1/state?path=",
            "/api/v1/state/history?limit=",
            "/api/v1/state/history?before=",
            "/api/v1/state/versions/",
            "/api/v1/usage?from=",
            "/api/v1/usage?groupBy=",
            "/api/v1/agents/",
            "/api/v1/keys/",
            "/api/v1/commands/",
            "/v1/models?x=",
            "/api/v1/cache/stats?x=");
    private static final String[] NUMBERS = {
        "0",
        "-0",
        "1e999",
        "-1e999",
        "1e-999",
        "18446744073709551617",
        "9223372036854775808",
        "-9223372036854775809",
        "0.1e",
        "01",
        "1.",
        ".5",
        "NaN",
        "Infinity",
        "1E+2"
    };
    private static final String[] TRANSFER_ENCODINGS = {
        "chunked",
        " chunked",
        "chunked ",
        "gzip, chunked",
        "chunked, identity",
        "identity",
        "Chunked",
        "chunked\u000b",
        "x"
    };

    private final Random random;
    private final String key;

    HostileInputs(long seed, String key) {
        this.random = new Random(seed);
        this.key = key;
    }

    /** The known cases, then {@code generated} generated ones of each kind. */
    List<Input> corpus(int generated) {
        List<Input> out = new ArrayList<>(known());
        for (int i = 0; i < generated; i++) {
            Route route = pick(ROUTES);
            out.add(request("json " + i, route, randomJson(0)));
            out.add(request("mutated " + i, route, mutate(route.validBody())));
            out.add(request("bytes " + i, route, randomBytes(random.nextInt(200))));
            out.add(new Input(
                    "framing " + i,
                    mangle(request("", route, route.validBody().getBytes(StandardCharsets.UTF_8))
                            .bytes())));
            out.add(get("query " + i, pick(GET_PATHS) + randomQueryValue()));
        }
        return out;
    }

    private List<Input> known() {
        List<Input> out = new ArrayList<>();
        String base = "POST /api/v1/commands HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: application/json\r\n";
        out.add(raw(
                "chunk extension",
                base + "Transfer-Encoding: chunked\r\n\r\n10;foo=bar\r\n{\"text\":\"!ping\"}\r\n" + "0\r\n\r\n"));
        out.add(raw("chunk size zz", base + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"));
        out.add(raw(
                "chunk size 2^64-1", base + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc\r\n0\r\n\r\n"));
        out.add(raw(
                "two content lengths", base + "Content-Length: 16\r\nContent-Length: 17\r\n\r\n{\"text\":\"!ping\"}"));
        out.add(raw(
                "chunked and length",
                base + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                        + "10\r\n{\"text\":\"!ping\"}\r\n0\r\n\r\n"));
        out.add(raw("negative length", base + "Content-Length: -1\r\n\r\n"));
        out.add(raw(
                "overlong utf-8",
                "POST /api/v1/commands/state.set HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n",
                new byte[] {
                    '{',
                    '"',
                    'a',
                    'r',
                    'g',
                    's',
                    '"',
                    ':',
                    '{',
                    '"',
                    'p',
                    'a',
                    't',
                    'h',
                    '"',
                    ':',
                    '"',
                    (byte) 0xC0,
                    (byte) 0xAF,
                    'o',
                    'v',
                    'e',
                    'r',
                    'l',
                    'o',
                    'n',
                    'g',
                    '"',
                    ',',
                    '"',
                    'v',
                    'a',
                    'l',
                    'u',
                    'e',
                    '"',
                    ':',
                    '1',
                    '}',
                    '}',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' ',
                    ' '
                }));
        out.add(request("duplicate member", ROUTES.get(0), "{\"name\":\"x\",\"role\":\"user\",\"role\":\"admin\"}"));
        out.add(request("1e999 in state", ROUTES.get(4), "{\"n\":1e999}"));
        for (String path : List.of(
                "/api/v1/state/versions/1%00",
                "/api/v1/state/versions/+1", "/api/v1/state/versions/1;", "/api/v1/events?topics=state%00")) {
            out.add(get("path " + path, path));
        }
        out.add(raw(
                "lower-case method",
                "get /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\n\r\n"));
        return out;
    }

    private Input request(String label, Route route, String body) {
        return request(label, route, body.getBytes(StandardCharsets.UTF_8));
    }

    private Input request(String label, Route route, byte[] body) {
        return raw(
                label + " " + route.method() + " " + route.path(),
                route.method() + " " + route.path()
                        + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\nContent-Type: "
                        + route.contentType()
                        + "\r\n" + route.extraHeaders() + "Content-Length: " + body.length + "\r\n\r\n",
                body);
    }

    private Input get(String label, String pathAndQuery) {
        return raw(
                label + " GET " + pathAndQuery,
                "GET " + pathAndQuery + " HTTP/1.1\r\nHost: x\r\n" + "Authorization: Bearer " + key + "\r\n\r\n");
    }

    private static Input raw(String label, String head, byte... body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return new Input(label, out.toByteArray());
    }

    /** Random JSON text, up to 5 levels deep, with edge-case numbers and strings. */
    private String randomJson(int depth) {
        int kind = random.nextInt(depth >= 5 ? 4 : 6);
        return switch (kind) {
            case 0 -> pick(NUMBERS);
            case 1 -> jsonString();
            case 2 -> pick(List.of("true", "false", "null"));
            case 3 -> Long.toString(random.nextLong());
            case 4 -> array(depth);
            default -> object(depth);
        };
    }

    private String array(int depth) {
        StringBuilder sb = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "," : "").append(randomJson(depth + 1));
        }
        return sb.append(']').toString();
    }

    private String object(int depth) {
        StringBuilder sb = new StringBuilder("{");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(3) == 0
                    ? pick(List.of(
                            "role",
                            "name",
                            "text",
                            "args",
                            "model",
                            "messages",
                            "path",
                            "value",
                            "input",
                            "stream",
                            "max_tokens",
                            "n",
                            "budgetUsd",
                            "rpm"))
                    : jsonString();
            sb.append(i > 0 ? "," : "")
                    .append(name.startsWith("\"") ? name : "\"" + name + "\"")
                    .append(':')
                    .append(randomJson(depth + 1));
        }
        return sb.append('}').toString();
    }

    private String jsonString() {
        StringBuilder sb = new StringBuilder("\"");
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            int c = switch (random.nextInt(5)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> random.nextInt(0x20);
                case 2 -> 0x80 + random.nextInt(0x780);
                case 3 -> 0x10000 + random.nextInt(0x1000);
                default -> "\\\"/{}[]%;".charAt(random.nextInt(9));
            };
            if (c < 0x20) {
                sb.append(String.format("\\u%04x", c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').appendCodePoint(c);
            } else {
                sb.appendCodePoint(c);
            }
        }
        return sb.append('"').toString();
    }

    /** A valid body cut short, doubled, with a member repeated or a value replaced. */
    private String mutate(String body) {
        return switch (random.nextInt(5)) {
            case 0 -> body.substring(0, random.nextInt(body.length()));
            case 1 -> body + body;
            case 2 ->
                "{" + body.substring(1, body.indexOf(',') < 0 ? body.length() - 1 : body.indexOf(',')) + ","
                        + body.substring(1);
            case 3 -> body.replaceFirst(":[^,}]+", Matcher.quoteReplacement(":" + randomJson(2)));
            default -> body.replaceFirst("\"", Matcher.quoteReplacement("\"\\u0000"));
        };
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Framing mangled: cut short, odd lengths or transfer codings, header bytes replaced, or one over-long line. */
    private byte[] mangle(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        return switch (random.nextInt(6)) {
            case 0 -> java.util.Arrays.copyOf(request, random.nextInt(request.length));
            case 1 ->
                text.replaceFirst(
                                "Content-Length: \\d+",
                                "Content-Length: "
                                        + pick(List.of(
                                                "-1",
                                                "99999999999",
                                                "1 2",
                                                "0x10",
                                                "",
                                                "+5",
                                                String.valueOf(random.nextInt(100)))))
                        .getBytes(StandardCharsets.ISO_8859_1);
            case 2 ->
                text.replaceFirst(
                                "Content-Length: \\d+\r\n",
                                "Transfer-Encoding: " + pick(List.of(TRANSFER_ENCODINGS)) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
            case 3 -> {
                byte[] copy = request.clone();
                for (int i = 0; i < 3; i++) {
                    copy[random.nextInt(headEnd)] = (byte) random.nextInt(256);
                }
                yield copy;
            }
            case 4 ->
                (text.substring(0, headEnd) + "\r\nX-Long: " + "a".repeat(20_000 + random.nextInt(80_000))
                                + text.substring(headEnd))
                        .getBytes(StandardCharsets.ISO_8859_1);
            default ->
                (pick(List.of("get", "POST ", "PO ST", "G\u0000T", "HEAD", "OPTIONS", "TRACE", "CONNECT"))
                                + text.substring(text.indexOf(' ')))
                        .getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    private String randomQueryValue() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(10);
        for (int i = 0; i < n; i++) {
            sb.append(
                    random.nextInt(3) == 0
                            ? String.format("%%%02X", random.nextInt(256))
                            : String.valueOf((char) (0x21 + random.nextInt(0x5e)))
                                    .replaceAll("[#\\s]", "x"));
        }
        return sb.toString();
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }
}
