package dev.helix.http;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * What the request line and header fields of one HTTP/1.1 request say about how its body is framed (RFC 9112 §6):
 * its length, whether it is chunked, whether the client asked to close the connection. Anything that
 * would let two parsers disagree on where the body ends is refused with a {@link FramingException}: a repeated or
 * non-numeric {@code Content-Length}, {@code Transfer-Encoding} together with {@code Content-Length}, transfer
 * codings other than {@code chunked}, folded lines, whitespace before a colon.
 *
 * <p>Implementation notes: the server behind this check recognises {@code chunked} and {@code close} only in lower
 * case, so those values are lower-cased in place in the bytes that are handed on.
 *
 * @param length  the {@code Content-Length}, or -1 without one
 * @param chunked whether the body is chunked
 * @param close   whether the client asked to close the connection after the answer
 */
record RequestHead(long length, boolean chunked, boolean close) {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    /** Parses the head in {@code bytes[from, to)}, which ends with an empty line. */
    static RequestHead parse(byte[] bytes, int from, int to) {
        Fields fields = new Fields();
        int lineEnd = lineEnd(bytes, from, to);
        checkMethod(bytes, from, lineEnd);
        for (int line = lineEnd + 2; line < to - 2; line = lineEnd + 2) {
            lineEnd = lineEnd(bytes, line, to);
            fields.read(bytes, line, lineEnd);
        }
        return fields.head();
    }

    /**
     * Refuses a request line that does not start with a method token (RFC 9110 §9.1), and a method with lower-case
     * letters: methods are case-sensitive, so {@code get} is not {@code GET}, but the server behind this check would
     * fold it to upper case (and fail on bytes a token may not have).
     */
    private static void checkMethod(byte[] bytes, int from, int lineEnd) {
        int end = indexOf(bytes, from, lineEnd, (byte) ' ');
        end = end < 0 ? lineEnd : end;
        boolean lowerCase = false;
        for (int i = from; i < end; i++) {
            if (!isTokenChar(bytes[i])) {
                throw FramingException.badRequest(
                        "the request line must start with a method such as GET or POST, " + "followed by one space");
            }
            lowerCase |= bytes[i] >= 'a' && bytes[i] <= 'z';
        }
        if (end == from || lowerCase) {
            String method = new String(bytes, from, Math.min(end, from + 20) - from, StandardCharsets.ISO_8859_1);
            throw FramingException.badRequest("the method '" + method + "' is not one Helix serves: methods are "
                    + "case-sensitive, e.g. GET, POST");
        }
    }

    /** Whether {@code b} may appear in a token (RFC 9110 §5.6.2). */
    private static boolean isTokenChar(byte b) {
        return (b >= '0' && b <= '9')
                || (b >= 'A' && b <= 'Z')
                || (b >= 'a' && b <= 'z')
                || (b > 0 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0);
    }

    /** The request target on the request line that starts the head in {@code bytes[from, to)}; "/" if none. */
    static String target(byte[] bytes, int from, int to) {
        String requestLine = new String(bytes, from, lineEnd(bytes, from, to) - from, StandardCharsets.ISO_8859_1);
        int first = requestLine.indexOf(' ');
        int second = first < 0 ? -1 : requestLine.indexOf(' ', first + 1);
        return second < 0 ? "/" : requestLine.substring(first + 1, second);
    }

    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == CR && bytes[i + 1] == LF) {
                return i;
            }
        }
        return to - 2;
    }

    /** The framing fields seen so far. */
    private static final class Fields {
        private @Nullable String contentLength;
        private @Nullable String transferEncoding;
        private boolean close;

        void read(byte[] bytes, int from, int to) {
            if (bytes[from] == ' ' || bytes[from] == '\t') {
                throw FramingException.badRequest(
                        "header field lines may not be folded (a line starts with " + "whitespace)");
            }
            int colon = indexOf(bytes, from, to, (byte) ':');
            if (colon <= from) {
                throw FramingException.badRequest("a header field line has no name or no ':'");
            }
            if (bytes[colon - 1] == ' ' || bytes[colon - 1] == '\t') {
                throw FramingException.badRequest("a header field name may not end with whitespace before ':'");
            }
            int valueFrom = skipSpace(bytes, colon + 1, to);
            int valueTo = trimSpace(bytes, valueFrom, to);
            field(bytes, from, colon, valueFrom, valueTo);
        }

        private void field(byte[] bytes, int name, int colon, int from, int to) {
            if (is(bytes, name, colon, "content-length")) {
                contentLength = once(contentLength, value(bytes, from, to), "Content-Length");
            } else if (is(bytes, name, colon, "transfer-encoding")) {
                if (transferEncoding != null) {
                    throw FramingException.badRequest("Transfer-Encoding is given more than once");
                }
                lowerCase(bytes, from, to);
                transferEncoding = value(bytes, from, to);
            } else if (is(bytes, name, colon, "connection")) {
                lowerCase(bytes, from, to);
                close |= hasToken(value(bytes, from, to), "close");
            }
        }

        RequestHead head() {
            if (transferEncoding != null && contentLength != null) {
                throw FramingException.badRequest(
                        "the request has both Transfer-Encoding and Content-Length; " + "send one of them");
            }
            boolean chunked = transferEncoding != null && chunked(transferEncoding);
            long length = contentLength == null ? -1 : length(contentLength);
            return new RequestHead(length, chunked, close);
        }

        private static String once(@Nullable String seen, String value, String name) {
            if (seen != null || value.indexOf(',') >= 0) {
                throw FramingException.badRequest(name + " is given more than once");
            }
            return value;
        }

        private static long length(String value) {
            if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw FramingException.badRequest(
                        "Content-Length must be a whole number of bytes, got '" + printable(value) + "'");
            }
            return Long.parseLong(value);
        }

        private static boolean chunked(String value) {
            if (value.equals("chunked")) {
                return true;
            }
            String[] codings = value.split(",");
            if (codings.length > 1 && codings[codings.length - 1].strip().equals("chunked")) {
                throw new FramingException(
                        501,
                        "Transfer-Encoding '" + printable(value) + "' is not supported; "
                                + "send the body with Content-Length or with Transfer-Encoding: chunked alone");
            }
            throw FramingException.badRequest("Transfer-Encoding must be chunked, got '" + printable(value) + "'");
        }
    }

    private static boolean is(byte[] bytes, int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int b = bytes[from + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasToken(String list, String token) {
        for (String part : list.split(",")) {
            if (part.strip().equals(token)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int skipSpace(byte[] bytes, int from, int to) {
        while (from < to && (bytes[from] == ' ' || bytes[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimSpace(byte[] bytes, int from, int to) {
        while (to > from && (bytes[to - 1] == ' ' || bytes[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    private static String value(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static void lowerCase(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] >= 'A' && bytes[i] <= 'Z') {
                bytes[i] = (byte) (bytes[i] + ('a' - 'A'));
            }
        }
    }

    /** At most 40 characters of {@code value}, for messages. */
    static String printable(String value) {
        String clean = value.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
    }
}
