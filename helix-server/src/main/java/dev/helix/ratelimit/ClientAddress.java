package dev.helix.ratelimit;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Who a public route's caller is, for its rate limit: the connection's IP address, or — only with
 * {@code limits.trustForwardedFor} — the last {@code X-Forwarded-For} entry, the one the proxy in front of Helix
 * added (earlier entries are whatever the client sent and prove nothing). IPv6 callers are counted per /64 prefix,
 * the block one site usually gets, so a client cannot escape its limit by changing addresses within it.
 */
final class ClientAddress {
    static final HeaderName X_FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddress() {}

    /** The caller of {@code req} as counted by the public rate limit. */
    static String of(ServerRequest req, boolean trustForwardedFor) {
        if (trustForwardedFor) {
            InetAddress forwarded = forwarded(req.headers().all(X_FORWARDED_FOR, List::of));
            if (forwarded != null) {
                return key(forwarded);
            }
        }
        SocketAddress peer = req.remotePeer().address();
        if (peer instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return key(socket.getAddress());
        }
        return String.valueOf(peer);
    }

    /** The last address of the {@code X-Forwarded-For} values, or {@code null} if there is none or it is malformed. */
    static @Nullable InetAddress forwarded(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String all = values.getLast();
        return literal(all.substring(all.lastIndexOf(',') + 1).trim());
    }

    /** {@code text} as an IP address if it is an IPv4 or IPv6 literal (never a name: nothing is looked up). */
    static @Nullable InetAddress literal(String text) {
        String t = text;
        if (t.startsWith("[") && t.indexOf(']') > 0) {
            t = t.substring(1, t.indexOf(']'));
        } else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            t = t.substring(0, t.indexOf(':'));
        }
        boolean literal = IPV4.matcher(t).matches()
                || (t.indexOf(':') >= 0 && IPV6.matcher(t).matches());
        if (!literal) {
            return null;
        }
        try {
            return InetAddress.getByName(t);
        } catch (UnknownHostException malformed) {
            return null;
        }
    }

    /** The rate-limit key of {@code address}: the IPv4 address, or the IPv6 /64 prefix. */
    static String key(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        StringBuilder sb = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            sb.append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)))
                    .append(':');
        }
        return sb.append(":/64").toString();
    }
}
