package dev.helix.http;

import dev.helix.internal.Utf8;
import io.helidon.http.HttpPrologue;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Refuses request targets that no Helix route means, before routing: a path with {@code ;} parameters (Helidon
 * drops them, so {@code /versions/1;x} would be served as {@code /versions/1}) and percent-escapes in the path or a
 * query parameter that decode to a control character ({@code %00}) or to bytes that are not UTF-8 (Helidon decodes
 * those to U+FFFD, and the overlong {@code %C0%AF} must not stand for {@code /}).
 *
 * <p>Implementation notes: a target without {@code ;} and {@code %} (almost every one) costs two scans of its
 * characters; escapes are decoded only where they appear.
 */
final class RequestTarget {
    private static final int SHOWN = 60;

    private RequestTarget() {}

    /** What is wrong with the target of {@code prologue}, naming the part; {@code null} when nothing is. */
    static @Nullable String problem(HttpPrologue prologue) {
        String path = prologue.uriPath().rawPath();
        if (path.indexOf(';') >= 0) {
            return "the path " + shown(path) + " has a ';' parameter, and no Helix path takes one (a ';' inside a "
                    + "name is written %3B)";
        }
        String bad = decodingProblem(path);
        if (bad != null) {
            return "the path " + shown(path) + " " + bad;
        }
        String query = prologue.query().rawValue();
        if (query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            bad = decodingProblem(pair);
            if (bad != null) {
                int eq = pair.indexOf('=');
                return "query parameter '" + shown(eq < 0 ? pair : pair.substring(0, eq)) + "' " + bad;
            }
        }
        return null;
    }

    /** What is wrong with the percent-escapes of {@code raw}, or {@code null}. */
    private static @Nullable String decodingProblem(String raw) {
        if (raw.indexOf('%') < 0) {
            return null;
        }
        byte[] bytes = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            boolean escape = raw.charAt(i) == '%';
            int b = escape ? escaped(raw, i) : raw.charAt(i) < 0x80 ? raw.charAt(i) : -1;
            if (b < 0) {
                return "has a malformed percent-escape or an unescaped character at character " + i;
            }
            if (b < 0x20 || b == 0x7F) {
                return "has an escaped control character (" + String.format("%%%02X", b) + ")";
            }
            bytes[n++] = (byte) b;
            i += escape ? 2 : 0;
        }
        int bad = Utf8.firstInvalid(bytes, 0, n);
        return bad < 0
                ? null
                : "has percent-escapes that are not UTF-8 (" + Utf8.describe(Arrays.copyOf(bytes, n), bad) + ")";
    }

    /** The byte the escape at {@code i} stands for, or -1 if it is not {@code %} and two hex digits. */
    private static int escaped(String raw, int i) {
        if (i + 2 >= raw.length()) {
            return -1;
        }
        int high = hexDigit(raw.charAt(i + 1));
        int low = hexDigit(raw.charAt(i + 2));
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    private static int hexDigit(char c) {
        return c < 0x80 ? Character.digit(c, 16) : -1;
    }

    private static String shown(String text) {
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text;
    }
}
