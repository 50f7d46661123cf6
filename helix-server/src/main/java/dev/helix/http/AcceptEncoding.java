package dev.helix.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads {@code Accept-Encoding} (RFC 9110 §12.5.3) to decide whether a response may be sent gzip-compressed.
 * Parsing is bounded: a header longer than {@link #MAX_LENGTH} characters or with more than {@link #MAX_ITEMS} items
 * is not read at all and the body goes out uncompressed, which every client accepts.
 */
final class AcceptEncoding {
    static final int MAX_LENGTH = 512;
    static final int MAX_ITEMS = 32;
    private static final double NOT_LISTED = -1;
    private static final Pattern Q = Pattern.compile("0(\\.\\d{0,3})?|1(\\.0{0,3})?");

    private AcceptEncoding() {}

    /** Whether the request allows gzip and does not prefer the uncompressed body. */
    static boolean gzip(ServerRequest req) {
        List<String> values = req.headers().all(HeaderNames.ACCEPT_ENCODING, List::of);
        if (values.isEmpty()) {
            return false;
        }
        return gzip(values.size() == 1 ? values.getFirst() : String.join(",", values));
    }

    static boolean gzip(String header) {
        if (header.length() > MAX_LENGTH) {
            return false;
        }
        double gzip = NOT_LISTED;
        double identity = NOT_LISTED;
        double any = NOT_LISTED;
        int items = 0;
        int start = 0;
        while (start <= header.length()) {
            int end = header.indexOf(',', start);
            end = end < 0 ? header.length() : end;
            if (++items > MAX_ITEMS) {
                return false;
            }
            String item = header.substring(start, end);
            int semi = item.indexOf(';');
            String coding = (semi < 0 ? item : item.substring(0, semi)).trim();
            double q = semi < 0 ? 1 : quality(item.substring(semi + 1));
            if (q >= 0) {
                if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
                    gzip = Math.max(gzip, q);
                } else if (coding.equalsIgnoreCase("identity")) {
                    identity = q;
                } else if (coding.equals("*")) {
                    any = q;
                }
            }
            start = end + 1;
        }
        double g = gzip != NOT_LISTED ? gzip : any;
        return g > 0 && g >= identity;
    }

    /** The q value of a parameter list such as {@code q=0.5}; 1 without one; -1 (ignore the item) if malformed. */
    private static double quality(String params) {
        for (String param : params.split(";", 8)) {
            String p = param.trim();
            if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
                return parseQ(p.substring(2).trim());
            }
        }
        return 1;
    }

    private static double parseQ(String v) {
        if (!Q.matcher(v).matches()) {
            return -1;
        }
        return Double.parseDouble(v);
    }
}
