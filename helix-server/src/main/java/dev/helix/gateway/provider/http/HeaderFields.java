package dev.helix.gateway.provider.http;

/** What a request header field may hold (RFC 9110 §5): checked where configuration names headers, and again before
 * any is sent, so a value can never smuggle a second header or request. */
public final class HeaderFields {
    private static final String SEPARATORS = "()<>@,;:\\\"/[]?={}";

    private HeaderFields() {}

    /** Whether {@code name} is a token: visible ASCII without separators. */
    public static boolean validName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 32 && c < 127 && SEPARATORS.indexOf(c) < 0);
    }

    /** Whether {@code value} has no line break or NUL. */
    public static boolean validValue(String value) {
        return value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0);
    }
}
