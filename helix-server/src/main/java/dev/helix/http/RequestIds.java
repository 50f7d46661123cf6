package dev.helix.http;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Request ids: a caller's {@code X-Request-Id} is kept if it is sane, otherwise one is made. */
final class RequestIds {
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {}

    /** {@code offered} if it is 1-128 safe characters, else a new random 16-hex-digit id. */
    static String accept(@Nullable String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : generate();
    }

    static String generate() {
        long v = ThreadLocalRandom.current().nextLong();
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (v & 15)];
            v >>>= 4;
        }
        return new String(out);
    }
}
